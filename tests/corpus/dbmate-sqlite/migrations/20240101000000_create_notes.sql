-- migrate:up
create table notebooks (
  id integer primary key,
  title text not null
);
create table notes (
  id integer primary key,
  notebook_id integer not null references notebooks(id) on delete cascade,
  body text not null,
  pinned boolean not null default false
);
insert into notebooks (id, title) values (1, 'Inbox'), (2, 'Work');
insert into notes (notebook_id, body, pinned) values
  (1, 'buy milk', false),
  (1, 'call back; later', true),
  (2, '-- migrate:down is not a marker inside a string', false);

-- migrate:down
drop table notes;
drop table notebooks;
