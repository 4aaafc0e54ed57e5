"""
The terms sweep: bands, alerts, the daily digest and the expiry of response
terms, with a few set-based statements.

Idempotent: every statement only matches rows not yet in their final state
(band UPDATEs filter on the bands a row may leave; alerts and
non-conformities have unique constraints; expiries are marked with
Term.expired_at; digests carry a per-person-per-day dedupe key), so a second
run right after the first changes nothing and sends nothing.

Suspended terms (Term.suspended_since set) are left out of the band
progression: their clock is stopped, so they cannot run out while the
suspension is open. term_resume recomputes their due date and band from the
full history.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.models import Alert, NonConformity, Term, TermRule
from compliance.services import band_now, late_description, legal_calendar
from compliance.terms import BOGOTA, end_of_day, sap_recognition_deadline

B = Term.Band
ALERT_BANDS = (B.POR_VENCER, B.VENCE_HOY)
SAP_RECOGNITION_BASIS = "Ley 142 de 1994 art. 158: reconocer los efectos del SAP en 72 horas"


def running_terms():
    """Open terms whose clock runs (not met, not cancelled, not suspended)."""
    return Term.objects.filter(met_at__isnull=True, cancelled_at__isnull=True,
                               suspended_since__isnull=True)


def band_statements(*, now: datetime):
    """Return (band, queryset) pairs: each queryset is the rows that must move to band."""
    today = timezone.localtime(now, BOGOTA).date()
    limit = legal_calendar().add_business_days(today, settings.PQR_TERMS_BAND_WARNING_DAYS)
    running = running_terms()

    def others(band):
        # Written as "band IN (the other bands)" so the (band, due_date) index serves it.
        return [b for b in (B.AL_DIA, B.POR_VENCER, B.VENCE_HOY, B.VENCIDO) if b != band]

    return [
        (B.VENCIDO, running.filter(band__in=others(B.VENCIDO), due_date__lte=today,
                                   due_at__lte=now)),
        (B.VENCE_HOY, running.filter(band__in=others(B.VENCE_HOY), due_date=today,
                                     due_at__gt=now)),
        (B.POR_VENCER, running.filter(band__in=others(B.POR_VENCER), due_date__gt=today,
                                      due_date__lte=limit)),
        (B.AL_DIA, running.filter(band__in=others(B.AL_DIA), due_date__gt=limit)),
    ]


def bands_update(*, now: datetime) -> dict[str, int]:
    """Set the band of every running term for the instant `now`; return rows changed per band."""
    with transaction.atomic():
        return {str(band): qs.update(band=band) for band, qs in band_statements(now=now)}


def alerts_create(*, now: datetime) -> int:
    """
    Give the assignee an in-app alert for each response term in por_vencer or
    vence_hoy (one INSERT ... SELECT; the alert_once constraint skips repeats).
    """
    alert, term = Alert._meta.db_table, Term._meta.db_table
    case_table = Term._meta.get_field("case").related_model._meta.db_table
    sql = f"""
        INSERT INTO {alert} (recipient_id, case_id, term_id, band, created_at)
        SELECT c.assignee_id, t.case_id, t.id, t.band, %s
        FROM {term} t JOIN {case_table} c ON c.id = t.case_id
        WHERE t.purpose = %s AND t.met_at IS NULL AND t.cancelled_at IS NULL
          AND t.suspended_since IS NULL AND t.band IN (%s, %s) AND c.assignee_id IS NOT NULL
        ON CONFLICT (term_id, band, recipient_id) DO NOTHING
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, Term.Purpose.RESPUESTA, *ALERT_BANDS])
        return max(cursor.rowcount, 0)


def digests_send(*, now: datetime) -> int:
    """
    Send each person with new alerts one e-mail for the day, listing their
    cases at risk. The outbox dedupe key makes it one per person per day;
    alerts that arrive after today's digest go in tomorrow's.
    """
    from django.contrib.auth import get_user_model

    from intake.models import OutgoingEmail
    from intake.services import email_enqueue

    today = timezone.localtime(now, BOGOTA).date()
    pending = Alert.objects.filter(emailed_on__isnull=True)
    recipient_ids = set(pending.values_list("recipient_id", flat=True).distinct())
    if not recipient_ids:
        return 0
    keys = {uid: digest_key(uid, today) for uid in recipient_ids}
    already = set(OutgoingEmail.objects.filter(dedupe_key__in=keys.values())
                  .values_list("dedupe_key", flat=True))
    sent = 0
    users = get_user_model().objects.filter(pk__in=[u for u, k in keys.items() if k not in already])
    for user in users:  # one iteration per person, never per case
        with transaction.atomic():
            terms = list(digest_terms(user_id=user.pk)) if user.email else []
            if terms:
                body = render_to_string("compliance/email/digest.txt",
                                        {"user": user, "terms": terms, "today": today,
                                         "site_url": settings.SITE_URL})
                created = email_enqueue(
                    to=user.email, body=body, purpose="terms_digest",
                    subject=_("Términos por vencer: %(n)s casos (%(day)s)")
                    % {"n": len(terms), "day": today.strftime("%d/%m/%Y")},
                    dedupe_key=keys[user.pk],
                )
                sent += created is not None
            # Without an address (or nothing left at risk) there is nothing to mail.
            pending.filter(recipient_id=user.pk).update(emailed_on=today)
    return sent


def digest_key(user_id: int, day: date) -> str:
    return f"terms-digest:{user_id}:{day.isoformat()}"


def digest_terms(*, user_id: int):
    """The open response terms of a person's cases that are at risk, soonest first."""
    return (Term.objects.filter(purpose=Term.Purpose.RESPUESTA, met_at__isnull=True,
                                cancelled_at__isnull=True, case__assignee_id=user_id,
                                band__in=[B.POR_VENCER, B.VENCE_HOY, B.VENCIDO])
            .select_related("case").order_by("due_at", "pk"))


def expiries_handle(*, now: datetime) -> dict[str, int]:
    """
    Handle each response term that has become vencido without being met:
    SAP risk on the case (kinds under Ley 142 art. 158), its event, the
    72-hour recognition term, and the non-conformity (every kind), once.
    """
    from intake.models import Case, CaseEvent

    expired = running_terms().filter(purpose=Term.Purpose.RESPUESTA, band=B.VENCIDO,
                                     expired_at__isnull=True)
    sap_kinds = set(TermRule.objects.filter(sap_applies=True).values_list("kind", flat=True))
    with transaction.atomic():
        rows = list(expired.select_for_update(of=("self",), skip_locked=True)
                    .values_list("pk", "case_id", "due_date", "case__kind"))
        if not rows:
            return {"expired": 0, "sap_risk": 0}
        sap_rows = [r for r in rows if r[3] in sap_kinds]
        sap_case_ids = sorted({r[1] for r in sap_rows})
        for chunk in chunks([r[0] for r in rows]):
            Term.objects.filter(pk__in=chunk).update(expired_at=now)
        for chunk in chunks([r[0] for r in sap_rows]):
            Term.objects.filter(pk__in=chunk).update(sap_risk_at=now)
        for chunk in chunks(sap_case_ids):
            Case.objects.filter(pk__in=chunk, sap_risk=False).update(sap_risk=True)
        NonConformity.objects.bulk_create(
            [NonConformity(kind=NonConformity.Kind.DESVIACION_TIEMPO, case_id=case_id,
                           term_id=term_id, detected_at=now, description=late_description(due))
             for term_id, case_id, due, _kind in rows],
            ignore_conflicts=True, batch_size=2000,
        )
        recognition, calendar = [], legal_calendar()
        for _term_id, case_id, due, _kind in sap_rows:
            due_at = sap_recognition_deadline(due)
            due_day = timezone.localtime(due_at, BOGOTA).date()
            recognition.append(Term(
                case_id=case_id, purpose=Term.Purpose.SAP_RECONOCIMIENTO,
                legal_basis=SAP_RECOGNITION_BASIS, unit=Term.Unit.CALENDAR_HOURS, length=72,
                started_at=end_of_day(due), starts_on=due, due_date=due_day, due_at=due_at,
                # Banded now, so the next run finds nothing to change.
                band=band_now(due_date=due_day, due_at=due_at, now=now, calendar=calendar),
            ))
        Term.objects.bulk_create(recognition, batch_size=2000)
        events = []
        for term_id, case_id, due, kind in rows:
            if kind in sap_kinds:
                events.append(CaseEvent(
                    case_id=case_id, kind="case.sap_risk", created_at=now,
                    summary=_("Riesgo de silencio administrativo positivo: el término venció el "
                              "%(due)s sin respuesta notificada. Reconocer sus efectos en 72 horas.")
                    % {"due": due.strftime("%d/%m/%Y")},
                    data={"term_id": term_id, "due_date": due.isoformat()},
                ))
            else:
                events.append(CaseEvent(
                    case_id=case_id, kind="term.expired", created_at=now,
                    summary=_("Término de respuesta vencido el %(due)s sin respuesta notificada.")
                    % {"due": due.strftime("%d/%m/%Y")},
                    data={"term_id": term_id, "due_date": due.isoformat()},
                ))
        CaseEvent.objects.bulk_create(events, batch_size=2000)
    return {"expired": len(rows), "sap_risk": len(sap_case_ids)}


def chunks(ids: list, size: int = 5000):
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def terms_sweep(*, now: datetime) -> dict:
    """Run the whole sweep at `now`: bands, alerts, digests, expiries."""
    bands = bands_update(now=now)
    expiries = expiries_handle(now=now)
    alerts = alerts_create(now=now)
    digests = digests_send(now=now)
    return {"bands": bands, "alerts": alerts, "digests": digests, **expiries}

