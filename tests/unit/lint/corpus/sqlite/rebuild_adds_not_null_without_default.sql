-- expect: not-null-without-default
-- file: V1__schema.sql
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT UNIQUE, role TEXT DEFAULT 'member');
CREATE TABLE teams (id INTEGER PRIMARY KEY, code TEXT);
CREATE TABLE members (id INTEGER PRIMARY KEY, team_code TEXT REFERENCES teams (code));
CREATE VIEW user_names AS SELECT id, name FROM users;
-- file: new V2__change.sql
CREATE TABLE users_new (id INTEGER PRIMARY KEY, name TEXT, email TEXT UNIQUE, role TEXT DEFAULT 'member', team_id INTEGER NOT NULL);
INSERT INTO users_new (id, name, email, role, team_id) SELECT id, name, email, role, 0 FROM users;
DROP VIEW user_names;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE VIEW user_names AS SELECT id, name FROM users;
