CREATE TABLE projects (id serial PRIMARY KEY, name text NOT NULL);
