-- Written on Windows: every line ends in CRLF, inside the function body too.
CREATE FUNCTION task_summary(p integer) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    open_count integer;
BEGIN
    SELECT count(*) INTO open_count FROM tasks WHERE project_id = p AND NOT done;
    RETURN format('%s open', open_count);
END;
$$;

COMMENT ON FUNCTION task_summary(integer) IS 'a comment\r\nover two lines';
CREATE VIEW project_summaries AS SELECT id, name, task_summary(id) AS summary FROM projects;
