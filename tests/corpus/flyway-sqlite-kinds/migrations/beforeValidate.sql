INSERT INTO runs (event) VALUES ('beforeValidate is not a migrate event');
