CREATE TABLE only_on_postgres (x int);
