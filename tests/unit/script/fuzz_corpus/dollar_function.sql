CREATE FUNCTION touch() RETURNS trigger AS $body$
BEGIN NEW.updated_at := now(); RETURN NEW; END;
$body$ LANGUAGE plpgsql;
DO $$ BEGIN PERFORM 1; END $$;
