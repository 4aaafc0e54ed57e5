"""
Accent- and case-insensitive text matching, the same SQL on both databases.

PostgreSQL: `pqr_unaccent(text)` is an IMMUTABLE wrapper of the `unaccent`
extension (migration intake 0003), so expression indexes can use it: a trigram
GIN index on the customers' names and a Spanish full-text GIN index on the
cases' subject and description.

SQLite (the embedded default of `make run`): the same function is registered on
every connection in Python; there are no such indexes, a plain scan is fast
enough for an office's demo data.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import BooleanField, F, Func, Value

# The customers' folded name as the expression of migration intake 0003 (SQLite, where
# pqr_unaccent is the Python `fold`). Columns stay unqualified: Django relabels the
# tables of subqueries (U0, V0...), and an unqualified name resolves to the innermost
# FROM, the table it belongs to.
CUSTOMER_NAME_SQL = "pqr_unaccent(lower(first_name || ' ' || last_name || ' ' || business_name))"
# On PostgreSQL the same value is a stored column with its trigram index (intake 0006).
CUSTOMER_NAME_COLUMN = "name_folded"


def customer_name_sql(vendor: str) -> str:
    """The customers' folded name in SQL: the stored column, or the expression on SQLite."""
    return CUSTOMER_NAME_COLUMN if vendor == "postgresql" else CUSTOMER_NAME_SQL


# The cases' text, folded (SQLite matches words in it as substrings).
CASE_TEXT_SQL = "pqr_unaccent(subject || ' ' || description)"


class CaseTextMatch(Func):
    """
    The cases whose subject and description hold every word of a query (PostgreSQL,
    Spanish full-text search): the expression of the index `case_text_fts_idx` of
    migration 0003, the one place the application writes it.

    Its columns are compiled by Django, so they carry the alias of the query they end
    up in (a joined page query, or a subquery relabelled U0 by an export); the planner
    matches the full-text index by the expression whatever the alias.
    """

    output_field = BooleanField()

    def __init__(self, query: str):
        super().__init__(F("subject"), F("description"), Value(query))

    def as_sql(self, compiler, connection, **extra_context):
        (subject, p1), (description, p2), (words, p3) = (
            compiler.compile(e) for e in self.get_source_expressions())
        return (f"to_tsvector('spanish'::regconfig, pqr_unaccent({subject} || ' ' || "
                f"{description})) @@ plainto_tsquery('spanish'::regconfig, "
                f"pqr_unaccent({words}))", [*p1, *p2, *p3])


def fold(text: str) -> str:
    """Return `text` lower-cased and without accents: "Pérez" -> "perez"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("pqr_unaccent", 1, fold, deterministic=True)


def sqlite_functions_register():
    connection_created.connect(_sqlite_functions, dispatch_uid="intake-pqr-unaccent")
