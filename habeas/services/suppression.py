"""
The holder's suppression request (Ley 1581 de 2012 art. 15; Decreto 1377 de
2013 art. 9: no suppression while a legal or contractual duty keeps the data).

suppression_plan() says, case by case, what would be anonymised and what is
kept and why; suppression_execute() anonymises the former through intake's
services and records one event on the request with ids and reason codes
only (no personal data).

Retention (docs/security.md, docs/archive.md): a case is kept while it is
open, while its retention lasts (archive.selectors.cases_retention, the one
place that says how long: the dates of its archived expediente, else the TRD
series that catalogues its kind, else settings.PQR_RETENTION_YEARS; for ever
when the series is of conservación total), while a case of the same file (its
recurso, or the decision it attacks) is kept, and while a payment agreement on
it is in force. The request itself is always kept (it
is the evidence of the answer), so the customer record stays until its own
retention ends. Records that are immutable by design are not rewritten:
the event log (append-only, issue 11 item 5), the actas de revisión (CREG
108 evidence) and the issued letters (sealed with their SHA-256); the plan
lists them as kept with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.selectors import FROM_ARCHIVE, FROM_TRD, Retention, cases_retention
from caserecord.services import event_record
from habeas import policy
from intake.choices import FINAL_STATUSES, CaseKind
from intake.models import Case, PaymentAgreement
from intake.services.privacy import (
    case_is_erased,
    case_personal_data_erase,
    customer_personal_data_erase,
)
from pqr_portal.access import require

SUPPRESSION_KINDS = frozenset({CaseKind.DATOS_SUPRESION})

# Why a case is kept (codes stored in the event; labels shown on the page).
KEPT_REASONS = {
    "request": gettext_lazy("Es la solicitud de supresión en curso: se conserva como prueba "
                            "de la respuesta."),
    "open": gettext_lazy("El caso está en trámite."),
    "retention": gettext_lazy("Está dentro del periodo de retención legal."),
    "permanent": gettext_lazy("Su serie de la TRD es de conservación total."),
    "linked": gettext_lazy("Hace parte del expediente de otro caso que se conserva "
                           "(recurso o decisión recurrida)."),
    "agreement": gettext_lazy("Tiene un acuerdo de pago vigente."),
}
# Records never rewritten, whatever the retention (shown on the page).
IMMUTABLE_RECORDS = (
    gettext_lazy("El historial de eventos de cada caso: es un registro de solo adición "
                 "(trazabilidad, ISO 9001 7.5.3)."),
    gettext_lazy("Las actas de revisión de las visitas de campo (CREG 108 de 1997 art. 37)."),
    gettext_lazy("Las cartas emitidas y notificadas, selladas con su SHA-256."),
)
LIVE_AGREEMENTS = (PaymentAgreement.Status.BORRADOR, PaymentAgreement.Status.FIRMADO)


@dataclass
class KeptCase:
    case: Case
    reason: str
    retention: Retention | None = None

    @property
    def reason_label(self) -> str:
        return str(KEPT_REASONS[self.reason])

    @property
    def until(self) -> date | None:
        return self.retention.until if self.retention and not self.retention.permanent else None

    @property
    def retention_label(self) -> str:
        """On what authority the retention runs (shown beside the reason)."""
        r = self.retention
        if r is None:
            return ""
        if r.source == FROM_ARCHIVE:
            return _("serie %(code)s de la TRD, expediente archivado") % {"code": r.series_code}
        if r.source == FROM_TRD:
            return _("serie %(code)s de la TRD") % {"code": r.series_code}
        return _("%(years)s años (ajuste PQR_RETENTION_YEARS: su tipo no está en la TRD)") % {
            "years": r.years}

    def as_data(self) -> dict:
        """The event's record of this case: ids, codes and dates only."""
        data = {"case_id": self.case.pk, "reason": self.reason}
        if self.retention is not None:
            data.update(retention=self.retention.source, series=self.retention.series_code,
                        until=self.until.isoformat() if self.until else None)
        return data


@dataclass
class SuppressionPlan:
    request: Case
    anonymise: list[Case] = field(default_factory=list)
    kept: list[KeptCase] = field(default_factory=list)
    already_erased: list[Case] = field(default_factory=list)

    @property
    def customer_erasable(self) -> bool:
        return not self.kept

    @property
    def immutable_records(self) -> list[str]:
        return [str(r) for r in IMMUTABLE_RECORDS]


def suppression_plan(*, request: Case, now: datetime | None = None) -> SuppressionPlan:
    """Say, for every case of the holder of `request`, whether it is anonymised or kept."""
    today = timezone.localdate(now or timezone.now())
    cases = list(Case.objects.filter(customer_id=request.customer_id)
                 .order_by("filed_at", "pk"))
    retention = cases_retention(cases)
    with_agreement = set(PaymentAgreement.objects.filter(
        customer_id=request.customer_id, status__in=LIVE_AGREEMENTS, case__isnull=False)
        .values_list("case_id", flat=True))
    plan = SuppressionPlan(request=request)
    kept: dict[int, KeptCase] = {}
    for case in cases:
        if case.pk == request.pk:
            kept[case.pk] = KeptCase(case, "request")
        elif case.status not in FINAL_STATUSES:
            kept[case.pk] = KeptCase(case, "open")
        elif case.pk in with_agreement:
            kept[case.pk] = KeptCase(case, "agreement")
        elif (r := retention.get(case.pk)) is not None and r.keeps(today):
            kept[case.pk] = KeptCase(case, "permanent" if r.permanent else "retention",
                                     retention=r)
    # A recurso and the decision it attacks are one file: kept together.
    changed = True
    while changed:
        changed = False
        for case in cases:
            if case.pk in kept:
                continue
            if (case.parent_id in kept and kept[case.parent_id].reason != "request") or any(
                    c.parent_id == case.pk and c.pk in kept and kept[c.pk].reason != "request"
                    for c in cases):
                kept[case.pk] = KeptCase(case, "linked")
                changed = True
    for case in cases:
        if case.pk in kept:
            plan.kept.append(kept[case.pk])
        elif case_is_erased(case):
            plan.already_erased.append(case)
        else:
            plan.anonymise.append(case)
    return plan


@transaction.atomic
def suppression_execute(*, request: Case, actor) -> SuppressionPlan:
    """
    Anonymise what the plan of `request` allows, and record it on `request`.

    The event carries case ids and reason codes, never names or documents.
    """
    require(policy.can_suppress(actor, request))
    if request.kind not in SUPPRESSION_KINDS:
        raise ValidationError(_("La supresión se ejecuta sobre un reclamo de supresión de "
                                "datos personales."))
    request = Case.objects.select_for_update().get(pk=request.pk)
    plan = suppression_plan(request=request)
    for case in plan.anonymise:
        case_personal_data_erase(case=case, actor=actor, request_radicado=request.radicado)
    customer_erased = False
    if plan.customer_erasable:  # never while the request itself is kept; see the docstring
        customer_personal_data_erase(customer=request.customer, actor=actor,
                                     request_radicado=request.radicado)
        customer_erased = True
    event_record(case=request, kind="habeas.anonymised", actor=actor, public=True, data={
        "anonymised": [c.pk for c in plan.anonymise],
        "kept": [k.as_data() for k in plan.kept],
        "customer_anonymised": customer_erased,
        # The retention of a kind the TRD does not catalogue, when this ran.
        "retention_years": settings.PQR_RETENTION_YEARS,
    })
    return plan
