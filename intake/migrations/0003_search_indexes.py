"""
Find a case at once at a million cases (issue 12): accent-insensitive names and
Spanish full-text search of the description.

PostgreSQL only: the `unaccent` and `pg_trgm` extensions (both trusted: the
database owner may create them), an IMMUTABLE wrapper `pqr_unaccent(text)` that
expression indexes accept, a trigram GIN index over the customers' folded names
and a full-text GIN index over the cases' subject and description (Spanish
configuration). The expressions are repeated to the letter by the queries in
intake/textsearch.py. SQLite (the embedded default) registers the same function
in Python and does without indexes.
"""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

FORWARD_SQL = """
CREATE OR REPLACE FUNCTION pqr_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
CREATE INDEX IF NOT EXISTS customer_name_trgm_idx ON intake_customer
    USING gin (pqr_unaccent(lower(first_name || ' ' || last_name || ' ' || business_name))
               gin_trgm_ops);
CREATE INDEX IF NOT EXISTS case_text_fts_idx ON intake_case
    USING gin (to_tsvector('spanish'::regconfig, pqr_unaccent(subject || ' ' || description)));
"""

REVERSE_SQL = """
DROP INDEX IF EXISTS case_text_fts_idx;
DROP INDEX IF EXISTS customer_name_trgm_idx;
DROP FUNCTION IF EXISTS pqr_unaccent(text);
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
    dependencies = [("intake", "0002_seed_catalogues_and_roles")]
    operations = [
        # CreateExtension does nothing on databases other than PostgreSQL.
        CreateExtension("unaccent"),
        CreateExtension("pg_trgm"),
        PostgreSQLOnly(FORWARD_SQL, REVERSE_SQL),
    ]
