-- Every change to a table that public documents are read from sends a
-- notification on the schema's channel, once per transaction; a web process
-- listens and knows that the documents it keeps rendered are out of date.
-- Tables written on hot paths and never read by a public document are left
-- out (keep the list equal to `coopfed_db::changes::UNWATCHED_TABLES`; a
-- test checks that every other table has the trigger).
-- One notification per transaction: the first statement that changes a
-- watched table sends it and marks the transaction (a setting local to it).
CREATE FUNCTION coopfed_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('coopfed.noted', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('coopfed.noted', 'yes', true);
        PERFORM pg_notify('coopfed_' || md5(TG_TABLE_SCHEMA), '');
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOR t IN
        SELECT tablename FROM pg_tables
        WHERE schemaname = current_schema()
          AND tablename NOT IN ('__diesel_schema_migrations', 'inbox_activities', 'sessions',
                                'login_failures', 'login_links', 'audit_log')
    LOOP
        EXECUTE format(
            'CREATE TRIGGER coopfed_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION coopfed_note_change()', t);
    END LOOP;
END
$$;
