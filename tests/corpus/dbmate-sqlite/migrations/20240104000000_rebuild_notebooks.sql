-- migrate:up
-- The parent of notes rebuilt (notes cascade on delete): every note must survive.
PRAGMA foreign_keys = OFF;
create table notebooks_new (
  id integer primary key,
  title text not null unique,
  archived integer not null default 0 check (archived in (0, 1))
);
insert into notebooks_new select id, title, archived from notebooks;
drop table notebooks;
alter table notebooks_new rename to notebooks;
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;

-- migrate:down
select 1;
