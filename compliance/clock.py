"""
The legal clock: the calendar legal terms are counted on (holidays plus
adopted closures), the term rules, the band of a running term, and the reads
the calculator and the calendar show. Catalogues are cached in process.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from time import monotonic

from django.conf import settings
from django.utils import timezone

from compliance.calendars import DEFAULT_YEARS, BusinessCalendar, default_calendar, legal_holidays
from compliance.models import ExtraClosure, Term, TermRule
from compliance.terms import BOGOTA, band_for, band_warning_limit, end_of_day, running_band


class HandDeadlineRequired(ValueError):
    """The kind of request takes its term from an order: a deadline must be typed."""


@lru_cache(maxsize=8)
def _calendar_with(closures: tuple, saturday: bool) -> BusinessCalendar:
    return BusinessCalendar(holidays_by_date=legal_holidays(DEFAULT_YEARS),
                            closures=dict(closures), saturday_is_business_day=saturday)


# Catalogues read on every filing (term rules, adopted closures) are kept in
# process for CATALOGUE_CACHE_SECONDS. A save or delete in this process clears
# them at once (signals in apps.py); other processes see an edit within that
# time, which is far below the granularity of a legal day.
CATALOGUE_CACHE_SECONDS = 60
_catalogue_cache: dict = {}


def _cached(key, loader):
    now = monotonic()
    hit = _catalogue_cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = loader()
    _catalogue_cache[key] = (now + CATALOGUE_CACHE_SECONDS, value)
    return value


def catalogue_cache_clear(**kwargs) -> None:
    """Forget the cached term rules and closures (connected to their save/delete)."""
    _catalogue_cache.clear()


def legal_calendar() -> BusinessCalendar:
    """
    Return the calendar legal terms are counted on.

    Legal holidays plus the company closures formally adopted; the closures
    come from the catalogue cache and the calendar is cached per set of them.
    """
    closures = _cached("closures", lambda: tuple(sorted(
        ExtraClosure.objects.filter(formally_adopted=True).values_list("date", "name")
    )))
    saturday = settings.PQR_SATURDAY_BUSINESS_DAY
    if not closures and not saturday:
        return default_calendar()
    return _calendar_with(closures, saturday)


def after_hours_cutoff() -> time | None:
    value = settings.PQR_AFTER_HOURS_CUTOFF
    if not value:
        return None
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def non_business_filing() -> str:
    """How a filing on a non-business day counts (setting PQR_NON_BUSINESS_FILING)."""
    return getattr(settings, "PQR_NON_BUSINESS_FILING", "next_business_day")


def term_rule_for(kind: str) -> TermRule:
    return _cached(("rule", kind), lambda: TermRule.objects.get(kind=kind))



def warning_limit(today: date) -> date:
    """The last due date that is "por vencer" on `today` (setting PQR_TERMS_BAND_WARNING_DAYS)."""
    return band_warning_limit(today, settings.PQR_TERMS_BAND_WARNING_DAYS, legal_calendar())


def band_now(*, due_date: date, due_at: datetime, now: datetime,
             calendar: BusinessCalendar | None = None) -> str:
    """Return the band of an open, running term at `now` (compliance.terms.running_band)."""
    return running_band(due_date=due_date, due_at=due_at, now=now,
                        warning_days=settings.PQR_TERMS_BAND_WARNING_DAYS,
                        calendar=calendar or legal_calendar())


def term_band(term: Term, now: datetime) -> str:
    """Return the band `term` has at `now` (the band the sweep gives it; compliance.terms.band_for)."""
    return band_for(due_date=term.due_date, due_at=term.due_at, now=now,
                    met=term.met_at is not None,
                    suspended=term.suspended_since is not None,
                    cancelled=term.cancelled_at is not None, band=term.band,
                    warning_days=settings.PQR_TERMS_BAND_WARNING_DAYS, calendar=legal_calendar())


def term_calculate(*, start: datetime, business_days: int) -> dict:
    """
    Explain a response term: effective filing day, due date and instant, and
    every day skipped on the way with its reason (what the calculator shows).
    """
    from compliance.terms import effective_filing_date

    calendar = legal_calendar()
    cutoff = after_hours_cutoff()
    from compliance.terms import response_due_date

    effective = effective_filing_date(start, calendar, cutoff=cutoff,
                                      convention=non_business_filing())
    due = response_due_date(start, business_days, calendar, cutoff=cutoff,
                            convention=non_business_filing())
    filed_day = timezone.localtime(start, BOGOTA).date()
    other_closures = dict(ExtraClosure.objects.filter(formally_adopted=False, date__gt=filed_day,
                                                      date__lte=due).values_list("date", "name"))
    skipped = []
    for day, reason in calendar.skipped_days(filed_day, due):
        if day in calendar.holidays:
            source = "festivo"
        elif day in calendar.closures:
            source = "cierre"
        else:
            source = "fin_de_semana"
        skipped.append({"day": day, "reason": reason, "source": source})
    return {"filed_day": filed_day, "effective": effective, "due": due, "due_at": end_of_day(due),
            "business_days": business_days, "skipped": skipped, "cutoff": cutoff,
            "not_adopted": sorted(other_closures.items())}


def year_calendar(*, year: int) -> dict:
    """The legal holidays of `year` with their names, and the company closures."""
    holidays_ = sorted(legal_holidays([year]).items())
    closures = list(ExtraClosure.objects.filter(date__year=year).order_by("date"))
    cal = legal_calendar()
    business = cal.business_days_between(date(year, 1, 1) - timedelta(days=1), date(year, 12, 31))
    return {"year": year, "holidays": holidays_, "closures": closures, "business_days": business}
