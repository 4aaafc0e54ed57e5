"""Gap-free document numbers: one counter row per series and year."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from caserecord.models import DocumentCounter


def number_next(*, series: str, when: datetime, fmt: str) -> str:
    """
    Return the next number of `series` for the Bogotá year of `when`, formatted
    with `fmt` ({year}, {number}, {series}).

    Must run inside the transaction that saves the numbered document: the
    counter row stays locked until it commits, so numbers follow the order of
    receipt, are never reused and leave no gaps.
    """
    assert transaction.get_connection().in_atomic_block, "number_next needs a transaction"
    year = timezone.localtime(when).year
    number = _counter_increment(series, year)
    if number is None:
        # First number of the year (or of a new series): the unique constraint
        # settles a race between two first filings.
        DocumentCounter.objects.get_or_create(series=series, year=year)
        number = _counter_increment(series, year)
    return fmt.format(year=year, number=number, series=series)


def _counter_increment(series: str, year: int) -> int | None:
    """
    Add one to the counter and return the new number, in one statement.

    The UPDATE takes the row lock that serialises concurrent filings until
    the transaction commits; RETURNING avoids a second round trip.
    """
    table = DocumentCounter._meta.db_table
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 "  # noqa: S608 - table name is ours
            "WHERE series = %s AND year = %s RETURNING last_number",
            [series, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None
