"""
The event log is append-only in the database too (issue 11, item 5).

On PostgreSQL a statement trigger refuses UPDATE and DELETE on
caserecord_event for every role, and TRUNCATE for every role but the table's
owner (who could drop the trigger anyway; Django's test flush truncates as
owner). The application connects as a role that owns no table, so it can
neither truncate nor ALTER TABLE ... DISABLE TRIGGER (docs/operations.md).
Other databases (the embedded SQLite default) keep the Python guard only.
"""

from django.db import migrations

FUNCTION = "caserecord_event_append_only"

FORWARD_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND pg_has_role(
            current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% on %: event rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
DROP TRIGGER IF EXISTS caserecord_event_append_only ON caserecord_event;
CREATE TRIGGER caserecord_event_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON caserecord_event
    FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();
"""

REVERSE_SQL = f"""
DROP TRIGGER IF EXISTS caserecord_event_append_only ON caserecord_event;
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that does nothing on other database vendors."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ("caserecord", "0001_initial"),
    ]

    operations = [
        PostgreSQLOnly(FORWARD_SQL, REVERSE_SQL),
    ]
