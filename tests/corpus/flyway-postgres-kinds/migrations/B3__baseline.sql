-- The schema at version 3 in one script, for new databases (Flyway Teams' baseline migration).
CREATE TABLE projects (
    id   serial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE tasks (
    id         serial PRIMARY KEY,
    project_id int NOT NULL REFERENCES projects,
    title      text NOT NULL,
    done       boolean NOT NULL DEFAULT false
);
