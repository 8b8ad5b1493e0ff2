DO $$
DECLARE
    t text;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_trigger tr JOIN pg_class c ON c.oid = tr.tgrelid
        WHERE tr.tgname = 'coopfed_changes' AND c.relnamespace = current_schema()::regnamespace
    LOOP
        EXECUTE format('DROP TRIGGER coopfed_changes ON %I', t);
    END LOOP;
END
$$;
DROP FUNCTION coopfed_note_change();
