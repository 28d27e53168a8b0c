-- expect: drop-column drop-referenced-column
-- file: V1__schema.sql
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT UNIQUE, role TEXT DEFAULT 'member');
CREATE TABLE teams (id INTEGER PRIMARY KEY, code TEXT);
CREATE TABLE members (id INTEGER PRIMARY KEY, team_code TEXT REFERENCES teams (code));
CREATE VIEW user_names AS SELECT id, name FROM users;
-- file: new V2__change.sql
ALTER TABLE teams DROP COLUMN code;
