-- expect: clean
-- file: V1__schema.sql
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT UNIQUE, role TEXT DEFAULT 'member');
CREATE TABLE teams (id INTEGER PRIMARY KEY, code TEXT);
CREATE TABLE members (id INTEGER PRIMARY KEY, team_code TEXT REFERENCES teams (code));
CREATE VIEW user_names AS SELECT id, name FROM users;
-- file: new V2__tags.sql
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
-- file: new V3__rebuild.sql
CREATE TABLE tags_new (label TEXT NOT NULL, id INTEGER PRIMARY KEY);
DROP TABLE tags;
ALTER TABLE tags_new RENAME TO tags;
