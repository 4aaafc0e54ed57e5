"""Notification of an issued letter under CPACA (electronic, personal, aviso, publication)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.outbox import email_enqueue
from caserecord.services import event_record
from compliance import services as compliance_services
from compliance.models import Term
from compliance.terms import (
    BOGOTA,
    appearance_due,
    aviso_allowed,
    aviso_notified_at,
    citation_due,
    publication_notified_at,
    publication_until,
)
from intake import services as intake_services
from intake.models import Case
from pqr_portal.access import require
from responses import pdf, policy
from responses.models import (
    IssuedLetter,
    Notification,
    Purpose,
    SspdRemission,
)
from responses.services.common import (
    APELACION_TRIGGERS,
    S,
    _local_date,
    _move,
    _moves_case,
    _term_met_by,
    final_state_after_decision,
)
from responses.services.communications import _dispatched
from responses.services.notice_letters import notice_letter_issue
from responses.services.sspd import remission_open


def _lock(notification: Notification) -> Notification:
    return Notification.objects.select_for_update(of=("self",)).select_related(
        "letter__case__customer", "letter__response").get(pk=notification.pk)


def _dispatch(notification: Notification, at: datetime, how: str) -> None:
    """The notification left the company: the response term is met here by default."""
    if notification.dispatched_at is None:
        notification.dispatched_at = at
        if notification.letter.response.purpose != Purpose.RECONOCIMIENTO_SAP:
            _term_met_by(case_id=notification.letter.case_id, event="dispatch", at=at,
                         letter=notification.letter)


def _meet_open_terms(case_id: int, purpose: str, at: datetime, how: str) -> None:
    for term in Term.objects.filter(case_id=case_id, purpose=purpose, met_at__isnull=True,
                                    cancelled_at__isnull=True):
        compliance_services.term_meet(term=term, met_at=at, how=how)


@transaction.atomic
def notification_send_electronic(*, notification: Notification, actor,
                                 at: datetime | None = None) -> Notification:
    """E-mail the letter with a personal link; only with the user's recorded consent."""
    require(policy.can_notify(actor, notification))
    at = at or timezone.now()
    notification = _lock(notification)
    letter, case = notification.letter, notification.letter.case
    if not case.electronic_consent_at or not case.notify_email:
        raise ValidationError(_("El usuario no aceptó la notificación electrónica: notifique "
                                "por citación o aviso."))
    if notification.completed:
        raise ValidationError(_("La notificación ya se surtió."))
    from django.urls import reverse

    link = pdf.site_url(reverse("responses_public:notification-open", args=[notification.token]))
    body = _(
        "Señor(a) %(name)s:\n\n%(company)s le notifica electrónicamente la respuesta "
        "%(out)s a su solicitud %(in)s, que va adjunta.\n\nPara que la notificación quede "
        "surtida, ábrala en este enlace personal:\n%(link)s\n\nCódigo de verificación del "
        "documento: %(code)s\n"
    ) % {"name": case.filer_name, "company": settings.PQR_COMPANY_NAME,
         "out": letter.outgoing_radicado, "in": case.radicado, "link": link,
         "code": letter.verification_code}
    email = email_enqueue(
        to=case.notify_email, case=case, purpose="response.notification",
        subject=_("Notificación de la respuesta %(out)s (radicado %(in)s)")
        % {"out": letter.outgoing_radicado, "in": case.radicado},
        body=body,
        attachments=[{"name": letter.attachment.original_name,
                      "path": letter.attachment.file.name, "mimetype": "application/pdf"}],
    )
    notification.channel = Notification.Channel.ELECTRONICA
    notification.email_to = case.notify_email
    notification.email_id = email.pk if email else None
    # Queued is not sent: the notice is dispatched (and the response term met, by
    # default) only when the mail server accepts it (notification_email_sent).
    notification.email_sent_at = None
    notification.save()
    event_record(
        case=case, kind="notification.email_queued", actor=actor,
        data={"letter_id": letter.pk, "email_id": notification.email_id,
              "to": case.notify_email},
    )
    return notification


def notification_email_sent(email) -> None:
    """caserecord.outbox handler: the mail server accepted the notice; it is dispatched now."""
    for notification in Notification.objects.select_for_update(of=("self",)).select_related(
            "letter__response").filter(email_id=email.pk, email_sent_at__isnull=True):
        at = email.sent_at or timezone.now()
        notification.email_sent_at = at
        _dispatch(notification, at, "electronic")
        notification.save(update_fields=["email_sent_at", "dispatched_at"])
        event_record(
            case_id=notification.letter.case_id, kind="notification.email_sent", actor=None,
            data={"letter_id": notification.letter_id, "email_id": email.pk,
                  "to": notification.email_to},
        )


def notification_email_failed(email) -> None:
    """
    caserecord.outbox handler: the notice was given up after its retries
    (caserecord.outbox.MAX_ATTEMPTS). The response term stays open; the
    notification step reopens as a personal one (citation, or publication when
    there is no address) and the coordinators and the case's owner are alerted.
    """
    for notification in Notification.objects.select_for_update(of=("self",)).select_related(
            "letter__case__customer").filter(email_id=email.pk, notified_at__isnull=True,
                                             dispatched_at__isnull=True):
        case = notification.letter.case
        now = timezone.now()
        address = (case.notify_address or case.customer.address).strip()
        notification.channel = (Notification.Channel.PERSONAL if address
                                else Notification.Channel.PUBLICACION)
        if address:
            notification.citation_due_date = citation_due(
                _local_date(notification.letter.issued_at), compliance_services.legal_calendar())
        notification.save(update_fields=["channel", "citation_due_date"])
        term = None
        if address:
            term = compliance_services.citation_term_open(
                case_id=case.pk, issued_at=notification.letter.issued_at)
        term = term or Term.objects.filter(case_id=case.pk, met_at__isnull=True,
                                           cancelled_at__isnull=True).order_by("due_at").first()
        event_record(
            case=case, kind="notification.email_failed", actor=None,
            data={"letter_id": notification.letter_id, "email_id": email.pk,
                  "reopened_as": notification.channel},
        )
        if term is not None:
            compliance_services.alert_raise(term=term, reason="notice_failed",
                                            to_coordinators=True, now=now)


@transaction.atomic
def notification_open(*, token: str, at: datetime | None = None,
                      remote: str = "") -> Notification | None:
    """The user opened the personal link: record access; the notification is complete."""
    at = at or timezone.now()
    notification = (Notification.objects.select_for_update()
                    .filter(token=token, channel=Notification.Channel.ELECTRONICA).first())
    if notification is None:
        return None
    if notification.opened_at is None:
        notification.opened_at = at
        notification.opened_from = remote[:100]
        notification.save(update_fields=["opened_at", "opened_from"])
        event_record(
            case=notification.letter.case, kind="notification.opened", actor=None,
            data={"letter_id": notification.letter_id, "remote": remote[:100]},
        )
    if not notification.completed:
        _complete(notification, at=at, method=Notification.Method.ELECTRONICA, actor=None)
    return notification


def citation_letter(notification: Notification):
    """The citation letter issued for `notification`, if any (a Communication)."""
    return notification.communications.filter(purpose="citacion").order_by("-pk").first()


@transaction.atomic
def notification_send_citation(*, notification: Notification, actor,
                               at: datetime | None = None) -> Notification:
    """
    Issue the citation for personal notification (its PDF with outgoing
    radicado). It counts as sent only when its postal dispatch is recorded
    with the courier's guide (notification_citation_dispatch): the citation
    term (5 business days after issuing the decision) is met then, and the
    user's 5 days to appear run from then.
    """
    require(policy.can_notify(actor, notification))
    at = at or timezone.now()
    notification = _lock(notification)
    if notification.completed or notification.citation_sent_at:
        raise ValidationError(_("La citación ya fue enviada o la notificación ya se surtió."))
    if citation_letter(notification) is not None:
        raise ValidationError(_("La citación ya fue generada: registre la guía de su envío."))
    calendar = compliance_services.legal_calendar()
    notification.channel = Notification.Channel.PERSONAL
    notification.citation_due_date = notification.citation_due_date or citation_due(
        _local_date(notification.letter.issued_at), calendar)
    notification.save(update_fields=["channel", "citation_due_date"])
    communication = notice_letter_issue(notification=notification, purpose="citacion",
                                        actor=actor, at=at)
    event_record(
        case=notification.letter.case, kind="notification.citation_issued", actor=actor,
        data={"letter_id": notification.letter_id, "communication_id": communication.pk,
              "outgoing_radicado": communication.outgoing_radicado,
              "citation_due_date": notification.citation_due_date},
    )
    return notification


@transaction.atomic
def notification_citation_dispatch(*, notification: Notification, actor, guide: str,
                                   dispatched_at: datetime) -> Notification:
    """
    The citation left by courier: record its guide number and dispatch instant
    (its own step, with its event). From that instant the citation counts as
    sent: the citation term is met (late: its non-conformity and the SAP risk
    of the notification), the response term is met by the dispatch (setting
    PQR_TERM_MET_AT) and the user's 5 business days to appear start.
    """
    require(policy.can_notify(actor, notification))
    notification = _lock(notification)
    if notification.completed or notification.citation_sent_at:
        raise ValidationError(_("La citación ya fue enviada o la notificación ya se surtió."))
    citation = citation_letter(notification)
    if citation is None:
        raise ValidationError(_("Genere primero la citación."))
    guide = (guide or "").strip()
    if not guide:
        raise ValidationError({"guide": _("Escriba el número de guía de la empresa de correo.")})
    if dispatched_at > timezone.now():
        raise ValidationError({"dispatched_at": _("La fecha de despacho no puede ser futura.")})
    if dispatched_at < citation.issued_at:
        raise ValidationError({"dispatched_at": _(
            "La citación no pudo despacharse antes de generarse (%(d)s).")
            % {"d": timezone.localtime(citation.issued_at).strftime("%d/%m/%Y %H:%M")}})
    calendar = compliance_services.legal_calendar()
    case = notification.letter.case
    notification.citation_sent_at = dispatched_at
    notification.appearance_due_date = appearance_due(_local_date(dispatched_at), calendar)
    # The SAP risk of the notification is decided and stored here (the sweep flags
    # only citations still not sent); its event is written once.
    newly_at_risk = False
    if _local_date(dispatched_at) > notification.citation_due_date:
        newly_at_risk = not notification.sap_risk
        notification.sap_risk = True
        notification.sap_risk_reason = _("Citación enviada después de los 5 días hábiles.")
    _dispatch(notification, dispatched_at, "citation")
    notification.save()
    if newly_at_risk:
        event_record(case=case, kind="notification.sap_risk", actor=actor,
                     data={"letter_id": notification.letter_id, "cause": "citation_sent_late",
                           "citation_due_date": notification.citation_due_date})
    _dispatched(citation, at=dispatched_at, actor=actor, reference=guide)
    _meet_open_terms(case.pk, Term.Purpose.CITACION, dispatched_at,
                     _("Citación despachada (guía %(g)s)") % {"g": guide})
    compliance_services.appearance_term_open(case_id=case.pk, citation_sent_at=dispatched_at)
    event_record(
        case=case, kind="notification.citation_sent", actor=actor,
        data={"letter_id": notification.letter_id, "communication_id": citation.pk,
              "guide": guide, "dispatched_at": dispatched_at,
              "appearance_due_date": notification.appearance_due_date},
    )
    return notification


@transaction.atomic
def notification_record_appearance(*, notification: Notification, actor, received_by_name: str,
                                   received_by_id: str = "",
                                   at: datetime | None = None) -> Notification:
    """The user (or their representative) came and received the full copy."""
    require(policy.can_notify(actor, notification))
    at = at or timezone.now()
    notification = _lock(notification)
    if notification.completed:
        raise ValidationError(_("La notificación ya se surtió."))
    if not received_by_name.strip():
        raise ValidationError({"received_by_name": _("Indique quién recibió la copia.")})
    notification.channel = Notification.Channel.PERSONAL
    notification.appeared_at = at
    notification.received_by_name = received_by_name
    notification.received_by_id = received_by_id
    notification.delivered_by = actor
    _dispatch(notification, at, "personal")
    notification.save()
    _meet_open_terms(notification.letter.case_id, Term.Purpose.CITACION, at, _("Compareció"))
    _meet_open_terms(notification.letter.case_id, Term.Purpose.AVISO, at, _("Compareció"))
    _complete(notification, at=at, method=Notification.Method.PERSONAL, actor=actor)
    return notification


@transaction.atomic
def notification_send_aviso(*, notification: Notification, actor,
                            at: datetime | None = None) -> Notification:
    """Send the aviso with the full copy: only once 5 business days passed after the citation."""
    require(policy.can_notify(actor, notification))
    at = at or timezone.now()
    notification = _lock(notification)
    if notification.completed:
        raise ValidationError(_("La notificación ya se surtió."))
    if notification.citation_sent_at is None:
        raise ValidationError(_("Primero envíe la citación para notificación personal."))
    calendar = compliance_services.legal_calendar()
    if not aviso_allowed(_local_date(notification.citation_sent_at), _local_date(at), calendar):
        raise ValidationError(
            _("El usuario tiene hasta el %(d)s para presentarse; el aviso se envía después.")
            % {"d": notification.appearance_due_date.strftime("%d/%m/%Y")})
    notification.aviso_sent_at = at
    notification.save(update_fields=["aviso_sent_at"])
    notice_letter_issue(notification=notification, purpose="aviso", actor=actor, at=at)
    _meet_open_terms(notification.letter.case_id, Term.Purpose.AVISO, at, _("Aviso enviado"))
    event_record(
        case=notification.letter.case, kind="notification.aviso_sent", actor=actor,
        data={"letter_id": notification.letter_id},
    )
    return notification


@transaction.atomic
def notification_record_aviso_delivery(*, notification: Notification, actor,
                                       delivered_at: datetime,
                                       now: datetime | None = None) -> Notification:
    """Record the aviso delivered; the notification is complete at the end of the next day."""
    require(policy.can_notify(actor, notification))
    now = now or timezone.now()
    notification = _lock(notification)
    if notification.aviso_sent_at is None:
        raise ValidationError(_("No hay aviso enviado."))
    if notification.completed:
        raise ValidationError(_("La notificación ya se surtió."))
    calendar = compliance_services.legal_calendar()
    notification.aviso_delivered_at = delivered_at
    notification.completes_at = aviso_notified_at(_local_date(delivered_at), calendar)
    notification.method = Notification.Method.AVISO
    notification.save(update_fields=["aviso_delivered_at", "completes_at", "method"])
    event_record(
        case=notification.letter.case, kind="notification.aviso_delivered", actor=actor,
        data={"letter_id": notification.letter_id, "completes_at": notification.completes_at,
              "completes_on": timezone.localtime(notification.completes_at, BOGOTA).date()},
    )
    if notification.completes_at <= now:
        _complete(notification, at=notification.completes_at,
                  method=Notification.Method.AVISO, actor=actor)
    return notification


@transaction.atomic
def notification_publish(*, notification: Notification, actor,
                         at: datetime | None = None) -> Notification:
    """Unknown address: publish the aviso for 5 days on the website and at the office."""
    require(policy.can_notify(actor, notification))
    at = at or timezone.now()
    notification = _lock(notification)
    if notification.completed:
        raise ValidationError(_("La notificación ya se surtió."))
    calendar = compliance_services.legal_calendar()
    notification.channel = Notification.Channel.PUBLICACION
    notification.published_from = calendar.on_or_after(_local_date(at))
    notification.published_until = publication_until(_local_date(at), calendar)
    notification.completes_at = publication_notified_at(notification.published_until, calendar)
    notification.method = Notification.Method.PUBLICACION
    _dispatch(notification, at, "publication")
    notification.save()
    notice_letter_issue(notification=notification, purpose="aviso", actor=actor, at=at,
                        published=(notification.published_from, notification.published_until))
    _meet_open_terms(notification.letter.case_id, Term.Purpose.CITACION, at, _("Publicación"))
    event_record(
        case=notification.letter.case, kind="notification.published", actor=actor,
        data={"letter_id": notification.letter_id,
              "published_from": notification.published_from,
              "published_until": notification.published_until},
    )
    return notification


def _complete(notification: Notification, *, at: datetime, method: str, actor) -> None:
    """Close the notification: the case is notified and the recurso window opens."""
    letter = notification.letter
    case = Case.objects.get(pk=letter.case_id)
    notification.notified_at = at
    notification.method = method
    notification.save(update_fields=["notified_at", "method"])
    intake_services.attachment_publish(attachment=letter.attachment, actor=actor)
    response = letter.response
    if _moves_case(response):
        _term_met_by(case_id=case.pk, event="notification", at=at, letter=letter)
        if case.status == S.RESPONDIDO:
            _move(case, S.NOTIFICADO, actor,
                  note=_("Notificación %(m)s") % {"m": notification.get_method_display()})
    event_record(
        # The state change already tells the citizen; repeat it only when the state stays.
        case=case, kind="notification.completed", actor=actor, public=not _moves_case(response),
        data={"letter_id": letter.pk, "method": method, "notified_at": at},
    )
    if letter.admits_recursos:
        compliance_services.recurso_window_term_open(case_id=case.pk, notified_at=at)
    recurso = getattr(case, "recurso_record", None) if case.is_recurso else None
    if recurso is not None and recurso.asks_apelacion and recurso.in_window and \
            letter.answer_kind in APELACION_TRIGGERS:
        remission_open(recurso=recurso, at=at)


@transaction.atomic
def notifications_sweep(*, now: datetime | None = None) -> dict:
    """
    Complete avisos and publications whose instant came, flag late citations,
    and close notified cases whose recurso window ended without a recurso.

    Idempotent: a second run at the same instant changes nothing.
    """
    now = now or timezone.now()
    done = {"completed": 0, "flagged": 0, "closed": 0}
    due = Notification.objects.select_for_update().filter(
        notified_at__isnull=True, completes_at__isnull=False, completes_at__lte=now)
    for notification in due:
        _complete(notification, at=notification.completes_at, method=notification.method,
                  actor=None)
        done["completed"] += 1
    today = _local_date(now)
    late = Notification.objects.filter(
        channel=Notification.Channel.PERSONAL, citation_sent_at__isnull=True,
        notified_at__isnull=True, sap_risk=False, citation_due_date__lt=today)
    for notification in late.select_related("letter"):
        Notification.objects.filter(pk=notification.pk).update(
            sap_risk=True, sap_risk_reason=_("Citación no enviada dentro de los 5 días hábiles."))
        event_record(
            case_id=notification.letter.case_id, kind="notification.sap_risk", actor=None,
            data={"letter_id": notification.letter_id, "cause": "citation_not_sent",
                  "citation_due_date": notification.citation_due_date})
        done["flagged"] += 1
    # An e-mail notice counts only when the user opens it (CPACA art. 56): one not
    # opened within the citation term is at risk, and the staff must fall back to a
    # citation (the case panel offers it).
    unopened = Notification.objects.filter(
        channel=Notification.Channel.ELECTRONICA, email_sent_at__isnull=False,
        notified_at__isnull=True, opened_at__isnull=True, sap_risk=False)
    calendar = compliance_services.legal_calendar()
    for notification in unopened.select_related("letter"):
        limit = citation_due(_local_date(notification.email_sent_at), calendar)
        if today <= limit:
            continue
        Notification.objects.filter(pk=notification.pk).update(
            sap_risk=True,
            sap_risk_reason=_("El correo no se abrió en 5 días hábiles: envíe citación."))
        event_record(
            case_id=notification.letter.case_id, kind="notification.sap_risk", actor=None,
            data={"letter_id": notification.letter_id, "cause": "email_unopened",
                  "citation_due_date": limit})
        done["flagged"] += 1
    windows = Term.objects.filter(purpose=Term.Purpose.RECURSO).order_by("-started_at")
    closable = (
        Case.objects.filter(status=S.NOTIFICADO)
        .filter(Exists(IssuedLetter.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(Case.objects.filter(parent=OuterRef("pk"))))
        # An apelación at the SSPD keeps the recurso open until its decision is complied.
        .exclude(Exists(SspdRemission.objects.filter(recurso__case=OuterRef("pk"),
                                                     complied_at__isnull=True)))
        .annotate(window_due=Subquery(windows.filter(case=OuterRef("pk")).values("due_at")[:1]))
        .filter(Q(window_due__isnull=True) | Q(window_due__lte=now))
    )
    for case in closable:
        window = windows.filter(case=case).first() if case.window_due is not None else None
        final, act = final_state_after_decision(case)
        _move(case, final, None, note=_("Vencido el término para recurrir sin recurso")
              if window is not None else _("Decisión notificada sin recursos pendientes"),
              act=act)
        if window is not None and window.is_open:
            compliance_services.term_meet(term=window, met_at=now, how=_("Sin recurso"))
        done["closed"] += 1
    # A decided case that was appealed closes once every recurso against it closed.
    open_recursos = Case.objects.filter(parent=OuterRef("pk")).exclude(
        status__in=[S.CERRADO, S.ANULADO, S.DESISTIDO])
    for case in Case.objects.filter(status=S.RECURRIDO).exclude(Exists(open_recursos)):
        final, act = final_state_after_decision(case)
        _move(case, final, None, note=_("Recursos resueltos"),
              act="recursos_resolved" if final == S.CERRADO else act)
        done["closed"] += 1
    return done
