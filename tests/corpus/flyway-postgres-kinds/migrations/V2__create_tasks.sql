CREATE TABLE tasks (id serial PRIMARY KEY, project_id int NOT NULL REFERENCES projects, title text NOT NULL);
