CREATE TYPE label_colour AS ENUM ('red', 'green', 'blue');
CREATE TABLE labels (
    id     serial PRIMARY KEY,
    name   text NOT NULL UNIQUE,
    colour label_colour NOT NULL
);
INSERT INTO labels (name, colour) VALUES ('bug', 'red'), ('feature', 'green');
INSERT INTO projects (name) VALUES ('deckhand'), ('website');
INSERT INTO tasks (project_id, title) VALUES (1, 'corpus'), (1, 'docs'), (2, 'landing page');
