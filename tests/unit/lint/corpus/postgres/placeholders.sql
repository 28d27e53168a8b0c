-- expect: drop-column@3
-- file: V1__schema.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
-- file: new V2__change.sql
-- ${schema} and ${flyway:user} hold values when migrate runs: the parser sees identifiers
CREATE TABLE ${schema}.audit (id bigint, who text DEFAULT '${flyway:user}');
ALTER TABLE users DROP COLUMN name;
