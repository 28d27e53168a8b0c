CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE moods (m mood);
