"""Helpers of the habeas-data tests."""

from datetime import datetime

from compliance.terms import BOGOTA
from intake.models import Case


def bogota(y, m, d, h=10, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=BOGOTA)


def finish(case, at):
    """Arrange `case` as closed at `at` (tests may arrange state directly)."""
    Case.objects.filter(pk=case.pk).update(status="cerrado", status_changed_at=at)
    case.refresh_from_db()
    return case
