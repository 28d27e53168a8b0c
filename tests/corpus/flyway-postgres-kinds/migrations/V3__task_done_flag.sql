ALTER TABLE tasks ADD COLUMN done boolean NOT NULL DEFAULT false;
