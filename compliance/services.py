"""
Every write to terms goes through this module.

Callers pass case ids: compliance does not import the intake app.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from compliance.calendars import DEFAULT_YEARS, BusinessCalendar, default_calendar, legal_holidays
from compliance.models import ExtraClosure, Term, TermRule
from compliance.terms import BOGOTA, end_of_day, response_due_date


class HandDeadlineRequired(ValueError):
    """The kind of request takes its term from an order: a deadline must be typed."""


@lru_cache(maxsize=8)
def _calendar_with(closures: tuple, saturday: bool) -> BusinessCalendar:
    return BusinessCalendar(holidays_by_date=legal_holidays(DEFAULT_YEARS),
                            closures=dict(closures), saturday_is_business_day=saturday)


def legal_calendar() -> BusinessCalendar:
    """
    Return the calendar legal terms are counted on.

    Legal holidays plus the company closures formally adopted; one query, and
    the calendar itself is cached per set of closures.
    """
    closures = tuple(sorted(
        ExtraClosure.objects.filter(formally_adopted=True).values_list("date", "name")
    ))
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


def term_rule_for(kind: str) -> TermRule:
    return TermRule.objects.get(kind=kind)


@transaction.atomic
def response_term_open(*, case_id: int, kind: str, filed_at: datetime,
                       hand_deadline_at: datetime | None = None) -> Term:
    """
    Open the response term of a case, per its kind's rule.

    Kinds without a fixed term (tutela, SSPD) take the deadline typed from the
    order; an SSPD request that states none gets the rule's default days.
    """
    rule = term_rule_for(kind)
    calendar = legal_calendar()
    cutoff = after_hours_cutoff()
    if hand_deadline_at is not None:
        due_at = hand_deadline_at
        unit, length = Term.Unit.FIXED, None
        due_date = timezone.localtime(due_at, BOGOTA).date()
    else:
        days = rule.business_days or rule.default_business_days
        if days is None:
            raise HandDeadlineRequired(kind)
        unit, length = Term.Unit.BUSINESS_DAYS, days
        due_date = response_due_date(filed_at, days, calendar, cutoff=cutoff)
        due_at = end_of_day(due_date)
    from compliance.terms import effective_filing_date

    starts_on = effective_filing_date(filed_at, calendar, cutoff=cutoff)
    return Term.objects.create(
        case_id=case_id, purpose=Term.Purpose.RESPUESTA, legal_basis=rule.legal_basis,
        unit=unit, length=length, started_at=filed_at, starts_on=starts_on,
        due_date=due_date, due_at=due_at,
    )


@transaction.atomic
def term_open(*, case_id: int, purpose: str, started_at: datetime, legal_basis: str = "",
              business_days: int | None = None, hours: int | None = None,
              due_at: datetime | None = None) -> Term:
    """Open a term counted in business days, calendar hours, or to a fixed instant."""
    local_start = timezone.localtime(started_at, BOGOTA).date()
    if business_days is not None:
        calendar = legal_calendar()
        due_date = calendar.add_business_days(local_start, business_days)
        unit, length, due_at = Term.Unit.BUSINESS_DAYS, business_days, end_of_day(due_date)
    elif hours is not None:
        unit, length, due_at = Term.Unit.CALENDAR_HOURS, hours, started_at + timedelta(hours=hours)
        due_date = timezone.localtime(due_at, BOGOTA).date()
    elif due_at is not None:
        unit, length = Term.Unit.FIXED, None
        due_date = timezone.localtime(due_at, BOGOTA).date()
    else:
        raise ValueError("business_days, hours or due_at is required")
    return Term.objects.create(
        case_id=case_id, purpose=purpose, legal_basis=legal_basis, unit=unit, length=length,
        started_at=started_at, starts_on=local_start, due_date=due_date, due_at=due_at,
    )


@transaction.atomic
def term_meet(*, term: Term, met_at: datetime, how: str) -> bool:
    """Mark `term` met at `met_at`; return False if it was already met or cancelled."""
    updated = Term.objects.filter(pk=term.pk, met_at__isnull=True, cancelled_at__isnull=True).update(
        met_at=met_at, met_how=how[:200], band=Term.Band.CUMPLIDO
    )
    return bool(updated)


@transaction.atomic
def terms_cancel_for_case(*, case_id: int, when: datetime) -> int:
    """Cancel every open term of a case (annulled, withdrawn, transferred)."""
    return Term.objects.filter(case_id=case_id, met_at__isnull=True,
                               cancelled_at__isnull=True).update(cancelled_at=when)
