"""Recursos against a notified decision: the window, late rejection, conducta concluyente."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance import services as compliance_services
from compliance.models import Term
from compliance.terms import recurso_window_end
from intake import services as intake_services
from intake.models import Case
from pqr_portal.access import require
from responses import policy, rules
from responses.models import (
    AnswerKind,
    IssuedLetter,
    Notification,
    Purpose,
    Recurso,
)
from responses.services.common import S, _local_date, _move
from responses.services.drafting import _response_create
from responses.services.notification import _complete, _lock, _meet_open_terms


def recurso_window(case: Case, *, now: datetime | None = None) -> dict:
    """Return the decision a recurso would attack and whether the window is open now."""
    now = now or timezone.now()
    letter = (IssuedLetter.objects.filter(case=case, response__purpose__in=[
        Purpose.RESPUESTA, Purpose.RESPUESTA_TUTELA]).select_related("notification")
        .order_by("-issued_at").first())
    info = {"letter": letter, "open": False, "window_end": None, "reason": ""}
    if letter is None:
        info["reason"] = _("El caso no tiene una decisión emitida.")
        return info
    if not letter.admits_recursos:
        info["reason"] = _("La decisión no admite recursos.")
        return info
    if letter.recursos.filter(in_window=True).exists():
        info["reason"] = _("Ya se interpuso un recurso contra esta decisión.")
        return info
    notification = getattr(letter, "notification", None)
    if notification is None or not notification.completed:
        # Filing a recurso before notification shows knowledge of the decision
        # (conducta concluyente): it is in time.
        info["open"] = True
        return info
    calendar = compliance_services.legal_calendar()
    info["window_end"] = recurso_window_end(_local_date(notification.notified_at), calendar)
    info["open"] = _local_date(now) <= info["window_end"]
    if not info["open"]:
        info["reason"] = _("El término para recurrir venció el %(d)s (5 días hábiles después "
                           "de la notificación).") % {"d": info["window_end"].strftime("%d/%m/%Y")}
    return info


@transaction.atomic
def recurso_file(*, decision_case: Case, actor, kind: str, description: str,
                 filed_at: datetime | None = None, via_public: bool = False,
                 paid_undisputed: bool = False, attachments=()) -> Recurso:
    """
    Register a recurso against the decision of `decision_case` as a new linked case.

    Inside the window it is accepted (the decided case becomes recurrido);
    out of it, it is registered anyway and a rejection (rechaza) is drafted
    with its reason.
    """
    from intake.choices import Channel

    require(policy.can_file_recurso(actor, decision_case))

    filed_at = filed_at or timezone.now()
    if kind not in rules.RECURSO_KINDS:
        raise ValidationError({"kind": _("Elija reposición o reposición y en subsidio "
                                         "apelación.")})
    if not description.strip():
        raise ValidationError({"description": _("Explique los motivos del recurso.")})
    decision_case = Case.objects.select_for_update().get(pk=decision_case.pk)
    window = recurso_window(decision_case, now=filed_at)
    letter = window["letter"]
    if letter is None:
        raise ValidationError(window["reason"])
    previous = Recurso.objects.filter(decision_letter=letter, in_window=True).first()
    if previous is not None:
        raise ValidationError(_("Ya se interpuso un recurso contra esta decisión (radicado "
                                "%(r)s).") % {"r": previous.case.radicado})
    notification = getattr(letter, "notification", None)
    if notification is not None and not notification.completed and window["open"]:
        _complete(_lock(notification), at=filed_at,
                  method=Notification.Method.CONDUCTA_CONCLUYENTE, actor=actor)
        decision_case.refresh_from_db()
        window = recurso_window(decision_case, now=filed_at)
    parent = decision_case
    recurso_case = intake_services.case_register(
        kind=kind, channel=Channel.WEB if via_public else Channel.ESCRITO,
        customer=parent.customer, description=description, actor=actor, filed_at=filed_at,
        causal=parent.causal, account_number=parent.account_number,
        bill_number=parent.bill_number, bill_issued_on=parent.bill_issued_on,
        subject=_("Recurso contra %(r)s") % {"r": letter.outgoing_radicado},
        notify_by=parent.notify_by, notify_email=parent.notify_email,
        notify_address=parent.notify_address, municipality=parent.municipality,
        # The consent to treat personal data is recorded only where it was given (the
        # filing's form or the desk's box): the recurso form asks none, so none is recorded.
        electronic_consent=bool(parent.electronic_consent_at), data_consent=False,
        parent=parent, attachments=attachments,
        # A web filing's own contact data carries over: never the customer record's.
        contact=parent.typed_contact() if parent.has_typed_contact else None,
    )
    recurso = Recurso.objects.create(
        case=recurso_case, decision_letter=letter, kind=kind, filed_at=filed_at,
        via_public=via_public, window_end=window["window_end"], in_window=window["open"],
        rejection_reason="" if window["open"] else window["reason"],
        paid_undisputed=paid_undisputed,
    )
    event_record(
        case=parent, kind="recurso.filed", actor=actor,
        data={"recurso_case_id": recurso_case.pk, "radicado": recurso_case.radicado,
              "in_window": recurso.in_window, "paid_undisputed": paid_undisputed},
    )
    if via_public:
        # Like a first filing: the constancia with its radicado, stored and e-mailed.
        from intake.services.receipts import receipt_schedule

        receipt_schedule(recurso_case)
    if recurso.in_window:
        if parent.status in (S.NOTIFICADO, S.RESPONDIDO):
            _move(parent, S.RECURRIDO, actor, note=_("Recurso %(r)s") % {"r": recurso_case.radicado})
        _meet_open_terms(parent.pk, Term.Purpose.RECURSO, filed_at, _("Recurso interpuesto"))
    else:
        # The rejection is drafted for the office, whoever took the recurso.
        _response_create(
            case=recurso_case, actor=actor, answer_kind=AnswerKind.RECHAZA,
            decision=_("Se rechaza el recurso por extemporáneo. %(reason)s")
            % {"reason": recurso.rejection_reason},
        )
        event_record(
            case=recurso_case, kind="recurso.rejected", actor=actor,
            data={"reason": recurso.rejection_reason, "window_end": recurso.window_end},
        )
    return recurso
