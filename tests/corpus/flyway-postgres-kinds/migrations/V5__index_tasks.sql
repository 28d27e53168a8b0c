CREATE INDEX CONCURRENTLY tasks_project_idx ON tasks (project_id);
