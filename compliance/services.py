"""
Every write to terms goes through this module.

Callers pass case ids: compliance does not import the intake app.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from time import monotonic

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import policy
from compliance.calendars import DEFAULT_YEARS, BusinessCalendar, default_calendar, legal_holidays
from compliance.models import ExtraClosure, NonConformity, Term, TermAdjustment, TermRule
from compliance.terms import BOGOTA, band_for, due_with_adjustments, end_of_day, response_due_date
from pqr_portal.access import require


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


def term_rule_for(kind: str) -> TermRule:
    return _cached(("rule", kind), lambda: TermRule.objects.get(kind=kind))


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
    """
    Mark `term` met at `met_at`; return False if it was already met or cancelled.

    A response term met after its due instant records its non-conformity
    (desviación del tiempo de respuesta) here, once.
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
    if term.purpose == Term.Purpose.RESPUESTA and met_at > term.due_at:
        nonconformity_late_record(term=term, detected_at=met_at)
    return True


def nonconformity_late_record(*, term: Term, detected_at: datetime) -> NonConformity:
    """Record the "desviación del tiempo de respuesta" of a late term (exactly once)."""
    nc, _created = NonConformity.objects.get_or_create(
        term=term, kind=NonConformity.Kind.DESVIACION_TIEMPO,
        defaults={"case_id": term.case_id, "detected_at": detected_at,
                  "description": late_description(term.due_date)},
    )
    return nc


def late_description(due: date) -> str:
    return _("Término de respuesta vencido el %(due)s sin respuesta notificada a tiempo.") % {
        "due": due.strftime("%d/%m/%Y")}


# --- suspensions and extensions ------------------------------------------------

def band_now(*, due_date: date, due_at: datetime, now: datetime,
             calendar: BusinessCalendar | None = None) -> str:
    """Return the band of an open, running term at `now` (the rule of the SQL sweep)."""
    today = timezone.localtime(now, BOGOTA).date()
    if due_at <= now:
        return Term.Band.VENCIDO
    return band_for(due_date, today, met=False, warning_days=settings.PQR_TERMS_BAND_WARNING_DAYS,
                    calendar=calendar or legal_calendar())


def _locked_term(term: Term) -> Term:
    return Term.objects.select_for_update().select_related("case").get(pk=term.pk)


def _check_adjustable(term: Term, now: datetime) -> None:
    if term.met_at is not None:
        raise ValidationError(_("El término ya se cumplió: no admite suspensiones ni prórrogas."))
    if term.cancelled_at is not None:
        raise ValidationError(_("El término está cancelado."))
    if term.suspended_since is None and term.due_at <= now:
        raise ValidationError(_("El término ya venció: no admite suspensiones ni prórrogas."))
    if term.purpose != Term.Purpose.RESPUESTA:
        raise ValidationError(_("Solo el término de respuesta admite suspensiones y prórrogas."))
    if term.unit != Term.Unit.BUSINESS_DAYS:
        raise ValidationError(_("Solo los términos contados en días hábiles admiten suspensiones y "
                                "prórrogas; el plazo de una orden no se modifica aquí."))


def _history(term: Term, adjustments=None) -> list[tuple[str, date, date | None, int]]:
    """
    Return the adjustments of `term` in the form terms.due_with_adjustments
    expects. `adjustments`, when given, are the term's rows already loaded.
    """
    first_counted = term.starts_on + timedelta(days=1)
    if adjustments is None:
        adjustments = term.adjustments.all()
    out = []
    for adj in sorted(adjustments, key=lambda a: (a.starts_on, a.pk)):
        if adj.cause == TermAdjustment.Cause.PRORROGA:
            out.append(("extension", adj.starts_on, adj.ends_on, adj.extra_days))
        else:
            # The day the term starts from never counts, so it is never given back either.
            out.append(("suspension", max(adj.starts_on, first_counted), adj.ends_on, 0))
    return out


def _due_recalculate(term: Term, now: datetime, adjustments=None) -> None:
    """Set due date, due instant and (unless suspended) band of `term` in memory."""
    today = timezone.localtime(now, BOGOTA).date()
    due = due_with_adjustments(term.starts_on, term.length, _history(term, adjustments),
                               legal_calendar(), today=today)
    term.due_date, term.due_at = due, end_of_day(due)
    if term.suspended_since is None:
        term.band = band_now(due_date=term.due_date, due_at=term.due_at, now=now)


def term_due_recompute(*, term: Term, now: datetime) -> Term:
    """Recompute due date, due instant and band of `term` from its rule and full history."""
    _due_recalculate(term, now)
    fields = ["due_date", "due_at"] if term.suspended_since else ["due_date", "due_at", "band"]
    term.save(update_fields=fields)
    return term


def _sap_applies(case) -> bool:
    return TermRule.objects.filter(kind=case.kind, sap_applies=True).exists()


@transaction.atomic
def term_suspend(*, term: Term, cause: str, starts_on: date, actor, document=None,
                 document_reference: str = "", note: str = "",
                 communicated_to_user_at: datetime | None = None) -> TermAdjustment:
    """
    Stop the clock of `term` from `starts_on` (inclusive) until term_resume.

    Causes: pruebas, incompleta, traslado (a prórroga is term_extend). Under
    Ley 142, a suspension for pruebas protects from SAP only if the user was
    told before the term ended, so the communication date is required then.
    """
    from intake.services import event_record

    require(policy.can_adjust_terms(actor, term))

    now = timezone.now()
    term = _locked_term(term)
    _check_adjustable(term, now)
    if cause not in TermAdjustment.Cause.values or cause == TermAdjustment.Cause.PRORROGA:
        raise ValidationError({"cause": _("Elija una causa de suspensión válida.")})
    if term.suspended_since is not None:
        raise ValidationError(_("El término ya está suspendido desde el %(day)s.")
                              % {"day": term.suspended_since.strftime("%d/%m/%Y")})
    today = timezone.localtime(now, BOGOTA).date()
    if starts_on > today:
        raise ValidationError({"starts_on": _("La suspensión no puede empezar en una fecha futura.")})
    if starts_on > term.due_date:
        raise ValidationError({"starts_on": _("La suspensión debe empezar antes de que venza el término.")})
    if starts_on < timezone.localtime(term.started_at, BOGOTA).date():
        raise ValidationError({"starts_on": _("La suspensión no puede empezar antes de la radicación.")})
    # Filed on a weekend or holiday: the clock only starts on the next business
    # day, so a suspension ordered before then counts from that day.
    starts_on = max(starts_on, term.starts_on)
    last_end = term.adjustments.exclude(cause=TermAdjustment.Cause.PRORROGA).order_by("-ends_on")         .values_list("ends_on", flat=True).first()
    if last_end is not None and starts_on <= last_end:
        raise ValidationError({"starts_on": _("La suspensión se cruza con una suspensión anterior.")})
    if cause == TermAdjustment.Cause.PRUEBAS and _sap_applies(term.case):
        if communicated_to_user_at is None:
            raise ValidationError({"communicated_to_user_at": _(
                "La práctica de pruebas debe comunicarse al usuario antes de que venza el término "
                "(Ley 142): indique cuándo se le comunicó.")})
        if communicated_to_user_at > term.due_at or communicated_to_user_at > now:
            raise ValidationError({"communicated_to_user_at": _(
                "La comunicación al usuario debe ser anterior al vencimiento del término y no "
                "puede ser futura.")})
    adjustment = TermAdjustment(
        term=term, cause=cause, starts_on=starts_on, document_reference=document_reference[:200],
        note=note, communicated_to_user_at=communicated_to_user_at, author=actor,
    )
    if document is not None:
        adjustment.document.save(document.name, document, save=False)
    adjustment.save()
    term.suspended_since = starts_on
    term.save(update_fields=["suspended_since"])
    event_record(
        case=term.case, kind="term.suspended", actor=actor, public=True,
        summary=_("Término suspendido desde el %(day)s: %(cause)s")
        % {"day": starts_on.strftime("%d/%m/%Y"), "cause": adjustment.get_cause_display()},
        data={"term_id": term.pk, "adjustment_id": adjustment.pk, "cause": cause,
              "starts_on": starts_on, "document_reference": document_reference},
    )
    return adjustment


@transaction.atomic
def term_resume(*, term: Term, ends_on: date, actor) -> Term:
    """
    Close the open suspension of `term` on `ends_on` (the last day the clock
    stood still) and recompute its due date from the full history.
    """
    from intake.services import event_record

    require(policy.can_adjust_terms(actor, term))

    now = timezone.now()
    term = _locked_term(term)
    adjustment = term.adjustments.filter(ends_on__isnull=True).exclude(
        cause=TermAdjustment.Cause.PRORROGA).first()
    if term.suspended_since is None or adjustment is None:
        raise ValidationError(_("El término no está suspendido."))
    if ends_on < adjustment.starts_on:
        raise ValidationError({"ends_on": _("La reanudación no puede ser anterior al inicio de la "
                                            "suspensión.")})
    if ends_on > timezone.localtime(now, BOGOTA).date():
        raise ValidationError({"ends_on": _("La suspensión no puede cerrarse en una fecha futura.")})
    adjustment.ends_on = ends_on
    adjustment.save(update_fields=["ends_on"])
    term.suspended_since = None
    term.save(update_fields=["suspended_since"])
    previous = term.due_date
    term = term_due_recompute(term=term, now=now)
    event_record(
        case=term.case, kind="term.resumed", actor=actor, public=True,
        summary=_("Término reanudado; vence el %(due)s") % {"due": term.due_date.strftime("%d/%m/%Y")},
        data={"term_id": term.pk, "adjustment_id": adjustment.pk, "ends_on": ends_on,
              "previous_due_date": previous, "due_date": term.due_date},
    )
    return term


@transaction.atomic
def term_extend(*, term: Term, extra_days: int, actor, document=None,
                document_reference: str = "", note: str = "") -> TermAdjustment:
    """
    Extend `term` by `extra_days` business days (Ley 1755 art. 14 parágrafo).

    Refused after expiry, and when all extensions together would exceed the
    original term (the total may be at most double).
    """
    from intake.services import event_record

    require(policy.can_adjust_terms(actor, term))

    now = timezone.now()
    term = _locked_term(term)
    _check_adjustable(term, now)
    if extra_days < 1:
        raise ValidationError({"extra_days": _("La prórroga debe ser de al menos un día hábil.")})
    granted = sum(term.adjustments.filter(cause=TermAdjustment.Cause.PRORROGA)
                  .values_list("extra_days", flat=True))
    if granted + extra_days > (term.length or 0):
        raise ValidationError({"extra_days": _(
            "La prórroga no puede superar el doble del término inicial: quedan %(left)s días "
            "hábiles disponibles.") % {"left": max(0, (term.length or 0) - granted)}})
    adjustment = TermAdjustment(
        term=term, cause=TermAdjustment.Cause.PRORROGA,
        starts_on=timezone.localtime(now, BOGOTA).date(), extra_days=extra_days,
        document_reference=document_reference[:200], note=note, author=actor,
        communicated_to_user_at=now,
    )
    if document is not None:
        adjustment.document.save(document.name, document, save=False)
    adjustment.save()
    previous = term.due_date
    term = term_due_recompute(term=term, now=now)
    event_record(
        case=term.case, kind="term.extended", actor=actor, public=True,
        summary=_("Término prorrogado %(days)s días hábiles; vence el %(due)s")
        % {"days": extra_days, "due": term.due_date.strftime("%d/%m/%Y")},
        data={"term_id": term.pk, "adjustment_id": adjustment.pk, "extra_days": extra_days,
              "previous_due_date": previous, "due_date": term.due_date,
              "document_reference": document_reference},
    )
    return adjustment


@transaction.atomic
def response_term_met_by(*, case_id: int, event: str, at: datetime) -> bool:
    """
    Meet the case's open response term if `event` ("dispatch" or
    "notification") is the one the setting PQR_TERM_MET_AT names.
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
    how = (_("Notificación de la respuesta despachada") if event == "dispatch"
           else _("Notificación de la respuesta surtida"))
    return term_meet(term=term, met_at=at, how=how)


@transaction.atomic
def terms_cancel_for_case(*, case_id: int, when: datetime) -> int:
    """Cancel every open term of a case (annulled, withdrawn, transferred)."""
    return Term.objects.filter(case_id=case_id, met_at__isnull=True,
                               cancelled_at__isnull=True).update(cancelled_at=when)


# --- company closures ------------------------------------------------------------

def _terms_recompute_around(day: date) -> int:
    """
    Recompute the open business-day terms whose count spans `day` (an adopted
    closure added, changed or removed). Bounded to the terms running over that
    day, which is what a closure can move. The due date depends on each
    term's own history, so it is worked out in Python, but in batches: one
    query for the terms, one for their adjustments and one UPDATE per batch.
    """
    now = timezone.now()
    pks = list(Term.objects.select_for_update()
               .filter(met_at__isnull=True, cancelled_at__isnull=True,
                       unit=Term.Unit.BUSINESS_DAYS, starts_on__lt=day, due_date__gte=day)
               .values_list("pk", flat=True))
    for chunk in _chunks(pks, RECOMPUTE_BATCH):
        terms = list(Term.objects.filter(pk__in=chunk).only(
            "pk", "starts_on", "length", "suspended_since", "band", "due_date", "due_at"))
        adjustments: dict[int, list[TermAdjustment]] = {}
        for adj in TermAdjustment.objects.filter(term_id__in=chunk).only(
                "pk", "term_id", "cause", "starts_on", "ends_on", "extra_days"):
            adjustments.setdefault(adj.term_id, []).append(adj)
        for term in terms:
            _due_recalculate(term, now, adjustments.get(term.pk, []))
        Term.objects.bulk_update(terms, ["due_date", "due_at", "band"])
    return len(pks)


RECOMPUTE_BATCH = 2000


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


@transaction.atomic
def closure_save(*, closure: ExtraClosure | None, day: date, name: str, formally_adopted: bool,
                 document_reference: str = "", actor=None) -> ExtraClosure:
    """Create or change a company closure; adopted ones move the terms that span them."""
    require(policy.can_edit_calendar(actor))
    old = None
    if closure is None:
        closure = ExtraClosure()
    else:
        old = (closure.date, closure.formally_adopted)
    closure.date, closure.name = day, name
    closure.formally_adopted, closure.document_reference = formally_adopted, document_reference
    closure.full_clean()
    closure.save()
    if old is not None and old[1]:
        _terms_recompute_around(old[0])
    if formally_adopted:
        _terms_recompute_around(day)
    return closure


@transaction.atomic
def closure_delete(*, closure: ExtraClosure, actor=None) -> None:
    require(policy.can_edit_calendar(actor))
    day, adopted = closure.date, closure.formally_adopted
    closure.delete()
    if adopted:
        _terms_recompute_around(day)


# --- reads for the screens ---------------------------------------------------------

def term_calculate(*, start: datetime, business_days: int) -> dict:
    """
    Explain a response term: effective filing day, due date and instant, and
    every day skipped on the way with its reason (what the calculator shows).
    """
    from compliance.terms import effective_filing_date

    calendar = legal_calendar()
    cutoff = after_hours_cutoff()
    effective = effective_filing_date(start, calendar, cutoff=cutoff)
    due = calendar.add_business_days(effective, business_days)
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
