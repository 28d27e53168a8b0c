-- migrate:up
alter table notes rename column body to content;
alter table notebooks add column archived integer not null default 0;
update notebooks set archived = 1 where title = 'Work';

-- migrate:down
alter table notebooks drop column archived;
alter table notes rename column content to body;
