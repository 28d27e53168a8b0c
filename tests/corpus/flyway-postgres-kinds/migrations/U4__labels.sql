DROP TABLE labels;
DROP TYPE label_colour;
