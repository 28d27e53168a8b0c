-- migrate:up
create virtual table notes_fts using fts5(body);
insert into notes_fts(rowid, body) select id, body from notes;
create trigger notes_ai after insert on notes begin
  insert into notes_fts(rowid, body) values (new.id, new.body);
end;
create trigger notes_ad after delete on notes begin
  delete from notes_fts where rowid = old.id;
end;

-- migrate:down
drop trigger notes_ad;
drop trigger notes_ai;
drop table notes_fts;
