"""
Legal terms: when an answer is due, when SAP must be recognised, when the
window for a recurso closes.

Pure code: time is always a parameter; the calendar defaults to the legal one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from compliance.calendars import BusinessCalendar, default_calendar

BOGOTA = ZoneInfo("America/Bogota")
SAP_RECOGNITION_HOURS = 72
RECURSO_WINDOW_BUSINESS_DAYS = 5


class NaiveDatetimeError(ValueError):
    """A legal instant was given without a time zone."""

    def __init__(self, name: str = "filed_at"):
        super().__init__(f"{name} must be timezone-aware (got a naive datetime)")


def local_date(instant: datetime) -> date:
    """Return the Bogotá date of an aware instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise NaiveDatetimeError()
    return instant.astimezone(BOGOTA).date()


def effective_filing_date(
    filed_at: datetime, calendar: BusinessCalendar | None = None, *, cutoff: time | None = None
) -> date:
    """
    Return the business day on which a filing legally counts as made.

    A filing on a non-business day counts on the next business day; with an
    after-hours `cutoff` (a company policy, off by default) a filing after it
    counts on the next business day too.
    """
    calendar = calendar or default_calendar()
    day, after_cutoff = _filing_day(filed_at, cutoff)
    if after_cutoff:
        return calendar.next_business_day(day)
    return calendar.on_or_after(day)


def _filing_day(filed_at: datetime, cutoff: time | None) -> tuple[date, bool]:
    if filed_at.tzinfo is None or filed_at.utcoffset() is None:
        raise NaiveDatetimeError()
    local = filed_at.astimezone(BOGOTA)
    return local.date(), cutoff is not None and local.time() >= cutoff


def response_due_date(
    filed_at: datetime,
    business_days: int,
    calendar: BusinessCalendar | None = None,
    *,
    cutoff: time | None = None,
) -> date:
    """
    Return the last Bogotá date on which a timely answer can be dispatched.

    The filing day does not count: day 1 is the business day after the
    effective filing day (domain.md §3).
    """
    day, after_cutoff = _filing_day(filed_at, cutoff)
    return (calendar or default_calendar()).term_end(day, business_days, next_day=after_cutoff)


def end_of_day(day: date) -> datetime:
    """Return the instant a Bogotá day ends (midnight that starts the next day)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=BOGOTA)


def sap_recognition_deadline(due: date) -> datetime:
    """Return the end of the due day in Bogotá plus 72 calendar hours."""
    return end_of_day(due) + timedelta(hours=SAP_RECOGNITION_HOURS)


def recurso_window_end(notified_on: date, calendar: BusinessCalendar | None = None) -> date:
    """Return the last day to file a recurso: 5 business days after notification."""
    return (calendar or default_calendar()).add_business_days(notified_on, RECURSO_WINDOW_BUSINESS_DAYS)


def due_with_adjustments(
    start: date,
    business_days: int,
    adjustments: list[tuple[str, date, date | None, int]],
    calendar: BusinessCalendar | None = None,
    *,
    today: date | None = None,
) -> date:
    """
    Return a term's due date after suspensions and extensions.

    `adjustments` are (kind, starts_on, ends_on, extra_days): kind "suspension"
    stops the clock from starts_on to ends_on (an open suspension runs up to
    `today`); kind "extension" adds extra_days business days. The due date is
    always recomputed from the rules and the full history.
    """
    calendar = calendar or default_calendar()
    total = business_days
    for kind, starts_on, ends_on, extra_days in adjustments:
        if kind == "extension":
            total += extra_days
        elif kind == "suspension":
            end = ends_on or today or starts_on
            # The days in which the clock was stopped are given back.
            total += max(0, calendar.business_days_between(starts_on - timedelta(days=1), end))
    return calendar.add_business_days(start, total)


BANDS = ("al_dia", "por_vencer", "vence_hoy", "vencido", "cumplido")


def band_for(
    due: date, today: date, *, met: bool, warning_days: int = 3,
    calendar: BusinessCalendar | None = None,
) -> str:
    """Return the band of a term on `today` (the same rule as the SQL sweep)."""
    if met:
        return "cumplido"
    if today > due:
        return "vencido"
    if today == due:
        return "vence_hoy"
    calendar = calendar or default_calendar()
    if calendar.business_days_between(today, due) <= warning_days:
        return "por_vencer"
    return "al_dia"
