-- Contract step, after the rollout: the old application version set done itself.
ALTER TABLE tasks ALTER COLUMN done DROP DEFAULT;
