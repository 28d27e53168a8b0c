-- expect: syntax-error@2
-- file: new V1__literal.sql
-- deckhand:no-placeholders
CREATE TABLE ${schema}.audit (id bigint);
