"""Opening, meeting and cancelling the terms of a case."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.clock import (
    HandDeadlineRequired,
    after_hours_cutoff,
    legal_calendar,
    non_business_filing,
    term_rule_for,
)
from compliance.models import NonConformity, Term, TermAdjustment
from compliance.terms import (
    BOGOTA,
    NO_FAULT_PURPOSES,
    business_days_due,
    due_date_for,
    effective_filing_date,
    end_of_day,
    hours_due,
    is_late,
    late_description,
    response_due_date,
)


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
        due_date = due_date_for(due_at)
    else:
        days = rule.business_days or rule.default_business_days
        if days is None:
            raise HandDeadlineRequired(kind)
        unit, length = Term.Unit.BUSINESS_DAYS, days
        due_date = response_due_date(filed_at, days, calendar, cutoff=cutoff,
                                     convention=non_business_filing())
        due_at = end_of_day(due_date)
    starts_on = effective_filing_date(filed_at, calendar, cutoff=cutoff,
                                      convention=non_business_filing())
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
        unit, length = Term.Unit.BUSINESS_DAYS, business_days
        due_at, due_date = business_days_due(local_start, business_days, legal_calendar())
    elif hours is not None:
        unit, length = Term.Unit.CALENDAR_HOURS, hours
        due_at, due_date = hours_due(started_at, hours)
    elif due_at is not None:
        unit, length = Term.Unit.FIXED, None
        due_date = due_date_for(due_at)
    else:
        raise ValueError("business_days, hours or due_at is required")
    return Term.objects.create(
        case_id=case_id, purpose=purpose, legal_basis=legal_basis, unit=unit, length=length,
        started_at=started_at, starts_on=local_start, due_date=due_date, due_at=due_at,
    )


@transaction.atomic
def term_meet(*, term: Term, met_at: datetime, how: str) -> bool:
    """
    Mark `term` met at `met_at`; return False if it was already met or cancelled.

    A company's term (every purpose but terms.NO_FAULT_PURPOSES) met after its
    due instant records its non-conformity (desviación del tiempo) here, once.
    """
    updated = Term.objects.filter(pk=term.pk, met_at__isnull=True, cancelled_at__isnull=True).update(
        met_at=met_at, met_how=how[:200], band=Term.Band.CUMPLIDO, suspended_since=None
    )
    if not updated:
        return False
    # An answer given while the clock was stopped closes the open suspension.
    TermAdjustment.objects.filter(term_id=term.pk, ends_on__isnull=True).exclude(
        cause=TermAdjustment.Cause.PRORROGA
    ).update(ends_on=timezone.localtime(met_at, BOGOTA).date())
    term.refresh_from_db()
    if term.purpose not in NO_FAULT_PURPOSES and is_late(met_at, term.due_at):
        nonconformity_late_record(term=term, detected_at=met_at)
    return True


def nonconformity_late_record(*, term: Term, detected_at: datetime) -> NonConformity:
    """
    Record the "desviación del tiempo" of a late term (exactly once).
    The sweep records the same row for terms that ran out unmet (compliance.sweep
    expiries_handle, tested against this function).
    """
    nc, _created = NonConformity.objects.get_or_create(
        term=term, kind=NonConformity.Kind.DESVIACION_TIEMPO,
        defaults={"case_id": term.case_id, "detected_at": detected_at,
                  "status": NonConformity.Status.ABIERTA,
                  "description": late_description(term.due_date, term.purpose,
                                                  term.get_purpose_display())},
    )
    return nc


@transaction.atomic
def response_term_met_by(*, case_id: int, event: str, at: datetime,
                         how: str | None = None) -> bool:
    """
    Meet the case's open response term if `event` ("dispatch" or
    "notification") is the one the setting PQR_TERM_MET_AT names; `how`
    names the act when it is not an answer.
    """
    if event not in ("dispatch", "notification"):
        raise ValueError(f"unknown event {event!r}")
    if event != getattr(settings, "PQR_TERM_MET_AT", "dispatch"):
        return False
    term = (Term.objects.select_for_update()
            .filter(case_id=case_id, purpose=Term.Purpose.RESPUESTA, met_at__isnull=True,
                    cancelled_at__isnull=True).order_by("pk").first())
    if term is None:
        return False
    if how:
        how = (_("%(act)s: notificación despachada") if event == "dispatch"
               else _("%(act)s: notificación surtida")) % {"act": how}
    else:
        how = (_("Notificación de la respuesta despachada") if event == "dispatch"
               else _("Notificación de la respuesta surtida"))
    return term_meet(term=term, met_at=at, how=how)
