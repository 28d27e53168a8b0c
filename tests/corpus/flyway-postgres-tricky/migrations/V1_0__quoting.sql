/* A block comment /* nested, as PostgreSQL allows; */ still a comment; */
CREATE TABLE "odd;names" (
    "semi;colon" text,
    "quote""d"   text DEFAULT 'it''s',
    e_string     text DEFAULT E'back\\slash; and \'quote\'',
    dollar       text DEFAULT $$a $tag$ inside; $$
);

INSERT INTO "odd;names" VALUES ('--not a comment', '/* nor this */', E'tab\there', $q$dollar 'quoted'; body$q$);
INSERT INTO "odd;names" ("semi;colon") VALUES (U&'\0041\00e9; unicode');

COMMENT ON TABLE "odd;names" IS 'a table; named badly';
