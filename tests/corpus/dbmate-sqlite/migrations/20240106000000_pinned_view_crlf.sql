-- migrate:up
create view pinned_notes as
  select n.id, b.title, n.content
  from notes n join notebooks b on b.id = n.notebook_id
  where n.pinned;

-- migrate:down
drop view pinned_notes;
