CREATE TABLE counters (name text PRIMARY KEY, value integer NOT NULL DEFAULT 0);
CREATE TABLE events (name text NOT NULL, payload text);
CREATE TABLE event_log (line text);

CREATE RULE count_events AS ON INSERT TO events DO ALSO (
    INSERT INTO counters (name) VALUES (NEW.name) ON CONFLICT (name) DO NOTHING;
    UPDATE counters SET value = value + (SELECT count(*) FROM (VALUES (1)) AS one(x)) WHERE name = NEW.name;
    INSERT INTO event_log VALUES ('event ' || NEW.name || '; payload ) ' || coalesce(NEW.payload, '(none)'));
);

INSERT INTO events VALUES ('signup', 'a;b'), ('signup', NULL), ('login', ')(');
