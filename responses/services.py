"""
Every write of the responses app goes through this module.

Drafting, review and approval of an answer; issuing the letter (outgoing
radicado, PDF, hash, verification code); its notification under CPACA;
recursos, the traslado to the SSPD, tutelas and SAP recognitions. Each
service runs in one transaction, writes its case event through
intake.services.event_record, and changes case states only through
intake.services.case_transition.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import services as compliance_services
from compliance.models import Term
from compliance.terms import BOGOTA, recurso_window_end, sap_recognition_deadline
from intake import services as intake_services
from intake.choices import CaseKind, CaseStatus, NotifyBy
from intake.models import Attachment, Case
from responses import pdf, rules
from responses.models import (
    AnswerKind,
    IssuedLetter,
    Notification,
    Purpose,
    Recurso,
    Response,
    ResponseTemplate,
    ResponseVersion,
    ReviewAction,
    SapRecognition,
    SspdRemission,
    TutelaRecord,
)
from responses.templating import merge_plain, merge_values, render_template_text, sanitize_html

S = CaseStatus
DRAFTABLE_STATUSES = frozenset({S.RADICADO, S.ASIGNADO, S.EN_TRAMITE, S.EN_PRUEBAS, S.DEVUELTA,
                                S.RESPUESTA_EN_REVISION})
# A reposición decision that does not fully grant sends the apelación to the SSPD.
APELACION_TRIGGERS = frozenset({AnswerKind.CONFIRMA, AnswerKind.MODIFICA, AnswerKind.NO_ACCEDE,
                                AnswerKind.ACCEDE_PARCIALMENTE})

PROBLEM_MESSAGES = {
    "answer_kind": "Indique el tipo de respuesta (accede, no accede, confirma…).",
    "substance": "La respuesta debe tener cuerpo y decisión: debe resolver de fondo.",
    "recursos_required": "Una decisión desfavorable sobre una petición, queja o reclamo admite "
                         "recursos: márquelo e incluya el párrafo de recursos.",
    "recursos_reposicion": "El párrafo de recursos debe mencionar el recurso de reposición "
                           "ante la empresa.",
    "recursos_apelacion": "El párrafo de recursos debe mencionar la apelación en subsidio ante "
                          "la Superintendencia de Servicios Públicos (SSPD).",
    "recursos_term": "El párrafo de recursos debe indicar el término: cinco (5) días hábiles.",
    "recursos_where": "El párrafo de recursos debe indicar dónde radicarlos (oficina, punto de "
                      "atención o portal).",
    "payment_reminder": "Es un reclamo de facturación: incluya el recordatorio de pagar los "
                        "valores no reclamados (Ley 142 de 1994, art. 155).",
}


def default_recursos_text() -> str:
    return _(
        "Contra la presente decisión procede el recurso de reposición ante %(company)s y, en "
        "subsidio, el de apelación ante la Superintendencia de Servicios Públicos Domiciliarios "
        "(SSPD), que deberán interponerse por escrito dentro de los cinco (5) días hábiles "
        "siguientes a la notificación de esta decisión (Ley 142 de 1994, arts. 154 y 159; "
        "Ley 1437 de 2011, art. 76). Puede radicarlos en cualquiera de nuestros Puntos de "
        "Atención al Cliente o en el portal %(site)s/pqr/ con su radicado y código de consulta."
    ) % {"company": settings.PQR_COMPANY_NAME, "site": settings.SITE_URL.rstrip("/")}


def default_payment_reminder() -> str:
    return _(
        "Para recurrir esta decisión debe acreditar el pago de las sumas que no han sido objeto "
        "de reclamo o del promedio del consumo de los últimos cinco periodos (Ley 142 de 1994, "
        "art. 155). Mientras el recurso esté en trámite, la empresa no suspenderá el servicio "
        "por el valor en discusión."
    )


def _local_date(instant: datetime):
    return timezone.localtime(instant, BOGOTA).date()


def _moves_case(response: Response) -> bool:
    # A SAP recognition is an act about a case already decided (or deemed decided):
    # it never changes the state of the case.
    return response.purpose != Purpose.RECONOCIMIENTO_SAP


def _move(case: Case, to_status: str, actor, note: str = "") -> Case:
    return intake_services.case_transition(case=case, to_status=to_status, actor=actor, note=note)


def _term_met_by(*, case_id: int, event: str, at: datetime) -> None:
    """Tell compliance that the answer was dispatched or its notification completed."""
    compliance_services.response_term_met_by(case_id=case_id, event=event, at=at)


# --- drafting ---------------------------------------------------------------

def templates_for(case: Case, purpose: str = Purpose.RESPUESTA):
    """Return the active templates that fit the case's kind and causal."""
    from django.db.models import Q

    return (ResponseTemplate.objects.filter(active=True, purpose=purpose)
            .filter(Q(case_kind="") | Q(case_kind=case.kind))
            .filter(Q(causal__isnull=True) | Q(causal_id=case.causal_id))
            .order_by("answer_kind", "name"))


def _snapshot(response: Response, actor) -> ResponseVersion:
    response.version += 1
    response.save(update_fields=["version", "updated_at"])
    return ResponseVersion.objects.create(
        response=response, number=response.version, answer_kind=response.answer_kind,
        body_html=response.body_html, decision=response.decision,
        admits_recursos=response.admits_recursos, recursos_text=response.recursos_text,
        payment_reminder=response.payment_reminder,
        evidence_ids=sorted(response.evidence.values_list("pk", flat=True)), author=actor,
    )


@transaction.atomic
def response_create(*, case: Case, actor, template: ResponseTemplate | None = None,
                    purpose: str | None = None, amounts: dict | None = None,
                    answer_kind: str = "", decision: str = "") -> Response:
    """Start a draft answer for `case`, from a template or blank; version 1 is saved."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    purpose = purpose or (template.purpose if template else
                          Purpose.RESPUESTA_TUTELA if case.kind == CaseKind.TUTELA
                          else Purpose.RESPUESTA)
    if purpose != Purpose.RECONOCIMIENTO_SAP and case.status not in DRAFTABLE_STATUSES:
        raise ValidationError(_("El caso está en estado «%(status)s»: no admite una nueva "
                                "respuesta.") % {"status": case.get_status_display()})
    open_drafts = case.responses.filter(purpose=purpose).exclude(
        status__in=[Response.Status.EMITIDA, Response.Status.DESCARTADA])
    if open_drafts.exists():
        raise ValidationError(_("Ya hay una respuesta en curso para este caso."))
    values = merge_values(case, amounts=amounts)
    answer_kind = answer_kind or (template.answer_kind if template else "")
    billing = bool(case.causal_id and case.causal.is_billing)
    if template is not None:
        admits = template.admits_recursos and rules.default_admits_recursos(case.kind,
                                                                            answer_kind)
    else:
        admits = rules.default_admits_recursos(case.kind, answer_kind)
    response = Response.objects.create(
        case=case, purpose=purpose, template=template, answer_kind=answer_kind,
        body_html=render_template_text(template.body, values) if template else "",
        decision=decision or (merge_plain(template.decision, values) if template else ""),
        admits_recursos=admits,
        recursos_text=default_recursos_text(),
        payment_reminder=default_payment_reminder()
        if billing and case.kind not in rules.RECURSO_KINDS else "",
        created_by=actor,
    )
    _snapshot(response, actor)
    intake_services.event_record(
        case=case, kind="response.drafted", actor=actor,
        summary=_("Proyecto de respuesta iniciado") + (f" ({template.name})" if template else ""),
        data={"response_id": response.pk, "template_id": template.pk if template else None},
    )
    return response


@transaction.atomic
def response_save(*, response: Response, actor, answer_kind: str, body_html: str,
                  decision: str, admits_recursos: bool, recursos_text: str,
                  payment_reminder: str = "", evidence=(), new_evidence=()) -> Response:
    """Save a new version of a draft (rich text sanitised; evidence from the case)."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if not response.editable:
        raise ValidationError(_("Solo se puede editar un borrador o una respuesta devuelta."))
    evidence = list(evidence)
    for att in evidence:
        if att.case_id != response.case_id:
            raise ValidationError({"evidence": _("Las pruebas deben ser anexos de este caso.")})
    for uploaded in new_evidence:
        evidence.append(intake_services.attachment_add(
            case=response.case, uploaded=uploaded, actor=actor,
            kind=Attachment.Kind.EVIDENCIA, description=_("Prueba de la respuesta")))
    response.answer_kind = answer_kind
    response.body_html = sanitize_html(body_html)
    response.decision = decision
    response.admits_recursos = admits_recursos
    response.recursos_text = recursos_text
    response.payment_reminder = payment_reminder
    response.save()
    response.evidence.set(evidence)
    version = _snapshot(response, actor)
    intake_services.event_record(
        case=response.case, kind="response.saved", actor=actor,
        summary=_("Respuesta guardada (versión %(n)s)") % {"n": version.number},
        data={"response_id": response.pk, "version": version.number},
    )
    return response


def response_problems(response: Response) -> list[str]:
    """Return the Spanish messages of every check the draft fails before approval."""
    case = response.case
    codes = rules.approval_problems(
        case_kind=case.kind, billing=bool(case.causal_id and case.causal.is_billing),
        answer_kind=response.answer_kind, body=response.body_html, decision=response.decision,
        admits_recursos=response.admits_recursos, recursos_text=response.recursos_text,
        payment_reminder=response.payment_reminder,
    )
    return [_(PROBLEM_MESSAGES[c]) for c in codes]


@transaction.atomic
def response_submit(*, response: Response, actor) -> Response:
    """Send a draft to the coordinator's review."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if not response.editable:
        raise ValidationError(_("Esta respuesta ya fue enviada a revisión."))
    case = response.case
    if _moves_case(response):
        if case.status in (S.RADICADO,):
            case = _move(case, S.EN_TRAMITE, actor)
        if case.status != S.RESPUESTA_EN_REVISION:
            _move(case, S.RESPUESTA_EN_REVISION, actor, note=_("Respuesta enviada a revisión"))
    response.status = Response.Status.EN_REVISION
    response.save(update_fields=["status", "updated_at"])
    ReviewAction.objects.create(response=response, action=ReviewAction.Action.SUBMITTED,
                                version=response.version, actor=actor)
    intake_services.event_record(case=case, kind="response.submitted", actor=actor,
                                 summary=_("Respuesta enviada a revisión"),
                                 data={"response_id": response.pk, "version": response.version})
    return response


@transaction.atomic
def response_return(*, response: Response, actor, comment: str) -> Response:
    """Return the draft to its author with the coordinator's comments."""
    if not comment.strip():
        raise ValidationError({"comment": _("Escriba las observaciones para quien proyectó.")})
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status != Response.Status.EN_REVISION:
        raise ValidationError(_("Solo se devuelve una respuesta en revisión."))
    if _moves_case(response):
        _move(response.case, S.DEVUELTA, actor, note=comment)
    response.status = Response.Status.DEVUELTA
    response.save(update_fields=["status", "updated_at"])
    ReviewAction.objects.create(response=response, action=ReviewAction.Action.RETURNED,
                                version=response.version, comment=comment, actor=actor)
    intake_services.event_record(case=response.case, kind="response.returned", actor=actor,
                                 summary=_("Respuesta devuelta con observaciones"),
                                 data={"response_id": response.pk, "comment": comment})
    return response


@transaction.atomic
def response_approve(*, response: Response, actor) -> Response:
    """Approve the draft after the checks; the response term is NOT met here."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status != Response.Status.EN_REVISION:
        raise ValidationError(_("Solo se aprueba una respuesta en revisión."))
    problems = response_problems(response)
    if problems:
        raise ValidationError(problems)
    response.status = Response.Status.APROBADA
    response.approved_by = actor
    response.approved_at = timezone.now()
    response.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    ReviewAction.objects.create(response=response, action=ReviewAction.Action.APPROVED,
                                version=response.version, actor=actor)
    intake_services.event_record(case=response.case, kind="response.approved", actor=actor,
                                 summary=_("Respuesta aprobada"),
                                 data={"response_id": response.pk, "version": response.version})
    return response


# --- issuing ------------------------------------------------------------------

def _notification_channel(case: Case) -> str:
    if case.notify_by == NotifyBy.EMAIL and case.electronic_consent_at and case.notify_email:
        return Notification.Channel.ELECTRONICA
    if (case.notify_address or case.customer.address).strip():
        return Notification.Channel.PERSONAL
    return Notification.Channel.PUBLICACION


@transaction.atomic
def response_issue(*, response: Response, actor, at: datetime | None = None) -> IssuedLetter:
    """
    Issue the approved answer: outgoing radicado, PDF letter, hash, verification
    code; the case becomes respondido and its notification starts (an
    electronic one is dispatched at once).

    The PDF is rendered inside the transaction on purpose: the letter prints
    the outgoing radicado, which exists only while the counter row is locked.
    """
    at = at or timezone.now()
    response = Response.objects.select_for_update(of=("self",)).select_related(
        "case__customer", "case__municipality", "case__parent").get(pk=response.pk)
    if response.status != Response.Status.APROBADA:
        raise ValidationError(_("Solo se emite una respuesta aprobada."))
    case = response.case
    radicado = intake_services.radicado_next(series=intake_services.OUTGOING_SERIES, when=at)
    letter = IssuedLetter(response=response, case=case, outgoing_radicado=radicado,
                          issued_at=at, issued_by=actor, answer_kind=response.answer_kind,
                          admits_recursos=response.admits_recursos,
                          addressee=case.customer.full_name)
    content = pdf.render_letter_pdf(pdf.letter_context(
        response=response, letter=letter, signer=response.approved_by or actor,
        drafter=response.created_by))
    attachment = intake_services.attachment_add_bytes(
        case=case, name=f"respuesta-{radicado}.pdf", content=content, mime="application/pdf",
        actor=actor, kind=Attachment.Kind.RESPUESTA,
        description=_("Respuesta %(radicado)s") % {"radicado": radicado},
    )
    letter.attachment = attachment
    letter.sha256 = attachment.sha256
    letter.save()
    response.status = Response.Status.EMITIDA
    response.save(update_fields=["status", "updated_at"])
    if _moves_case(response):
        _move(case, S.RESPONDIDO, actor, note=_("Respuesta %(r)s emitida") % {"r": radicado})
    intake_services.event_record(
        case=case, kind="response.issued", actor=actor, public=True,
        summary=_("Respuesta emitida con radicado de salida %(r)s") % {"r": radicado},
        data={"letter_id": letter.pk, "outgoing_radicado": radicado, "sha256": letter.sha256,
              "answer_kind": response.answer_kind},
    )
    channel = _notification_channel(case)
    calendar = compliance_services.legal_calendar()
    notification = Notification.objects.create(
        letter=letter, channel=channel, email_to=case.notify_email,
        citation_due_date=rules.citation_due(_local_date(at), calendar)
        if channel == Notification.Channel.PERSONAL else None,
    )
    if channel == Notification.Channel.PERSONAL:
        compliance_services.term_open(
            case_id=case.pk, purpose=Term.Purpose.CITACION, started_at=at,
            business_days=rules.CITATION_BUSINESS_DAYS, legal_basis="Ley 1437 de 2011, art. 68")
    elif channel == Notification.Channel.ELECTRONICA:
        # Keep letter.notification current for the caller (the service reloads the row).
        letter.notification = notification_send_electronic(notification=notification,
                                                           actor=actor, at=at)
    return letter


# --- notification ---------------------------------------------------------------

def _lock(notification: Notification) -> Notification:
    return Notification.objects.select_for_update(of=("self",)).select_related(
        "letter__case__customer", "letter__response").get(pk=notification.pk)


def _dispatch(notification: Notification, at: datetime, how: str) -> None:
    """The notification left the company: the response term is met here by default."""
    if notification.dispatched_at is None:
        notification.dispatched_at = at
        if notification.letter.response.purpose != Purpose.RECONOCIMIENTO_SAP:
            _term_met_by(case_id=notification.letter.case_id, event="dispatch", at=at)


def _meet_open_terms(case_id: int, purpose: str, at: datetime, how: str) -> None:
    for term in Term.objects.filter(case_id=case_id, purpose=purpose, met_at__isnull=True,
                                    cancelled_at__isnull=True):
        compliance_services.term_meet(term=term, met_at=at, how=how)


@transaction.atomic
def notification_send_electronic(*, notification: Notification, actor,
                                 at: datetime | None = None) -> Notification:
    """E-mail the letter with a personal link; only with the user's recorded consent."""
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
    ) % {"name": case.customer.full_name, "company": settings.PQR_COMPANY_NAME,
         "out": letter.outgoing_radicado, "in": case.radicado, "link": link,
         "code": letter.verification_code}
    email = intake_services.email_enqueue(
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
    notification.email_sent_at = at
    _dispatch(notification, at, "electronic")
    notification.save()
    intake_services.event_record(
        case=case, kind="notification.email_sent", actor=actor, public=True,
        summary=_("Respuesta enviada por correo electrónico a %(to)s") % {"to": case.notify_email},
        data={"letter_id": letter.pk, "email_id": notification.email_id},
    )
    return notification


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
        intake_services.event_record(
            case=notification.letter.case, kind="notification.opened", actor=None, public=True,
            summary=_("El usuario abrió la respuesta notificada electrónicamente"),
            data={"letter_id": notification.letter_id, "remote": remote[:100]},
        )
    if not notification.completed:
        _complete(notification, at=at, method=Notification.Method.ELECTRONICA, actor=None)
    return notification


@transaction.atomic
def notification_send_citation(*, notification: Notification, actor,
                               at: datetime | None = None) -> Notification:
    """Record the citation sent for personal notification (within 5 business days)."""
    at = at or timezone.now()
    notification = _lock(notification)
    if notification.completed or notification.citation_sent_at:
        raise ValidationError(_("La citación ya fue enviada o la notificación ya se surtió."))
    calendar = compliance_services.legal_calendar()
    case = notification.letter.case
    notification.channel = Notification.Channel.PERSONAL
    notification.citation_sent_at = at
    notification.citation_due_date = notification.citation_due_date or rules.citation_due(
        _local_date(notification.letter.issued_at), calendar)
    notification.appearance_due_date = rules.appearance_due(_local_date(at), calendar)
    if _local_date(at) > notification.citation_due_date:
        notification.sap_risk = True
        notification.sap_risk_reason = _("Citación enviada después de los 5 días hábiles.")
    _dispatch(notification, at, "citation")
    notification.save()
    _meet_open_terms(case.pk, Term.Purpose.CITACION, at, _("Citación enviada"))
    compliance_services.term_open(
        case_id=case.pk, purpose=Term.Purpose.AVISO, started_at=at,
        business_days=rules.APPEARANCE_BUSINESS_DAYS, legal_basis="Ley 1437 de 2011, art. 69")
    intake_services.event_record(
        case=case, kind="notification.citation_sent", actor=actor, public=True,
        summary=_("Citación para notificación personal enviada; puede presentarse hasta el "
                  "%(d)s") % {"d": notification.appearance_due_date.strftime("%d/%m/%Y")},
        data={"letter_id": notification.letter_id,
              "appearance_due_date": notification.appearance_due_date},
    )
    return notification


@transaction.atomic
def notification_record_appearance(*, notification: Notification, actor, received_by_name: str,
                                   received_by_id: str = "",
                                   at: datetime | None = None) -> Notification:
    """The user (or their representative) came and received the full copy."""
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
    at = at or timezone.now()
    notification = _lock(notification)
    if notification.completed:
        raise ValidationError(_("La notificación ya se surtió."))
    if notification.citation_sent_at is None:
        raise ValidationError(_("Primero envíe la citación para notificación personal."))
    calendar = compliance_services.legal_calendar()
    if not rules.aviso_allowed(_local_date(notification.citation_sent_at), _local_date(at),
                               calendar):
        raise ValidationError(
            _("El usuario tiene hasta el %(d)s para presentarse; el aviso se envía después.")
            % {"d": notification.appearance_due_date.strftime("%d/%m/%Y")})
    notification.aviso_sent_at = at
    notification.save(update_fields=["aviso_sent_at"])
    _meet_open_terms(notification.letter.case_id, Term.Purpose.AVISO, at, _("Aviso enviado"))
    intake_services.event_record(
        case=notification.letter.case, kind="notification.aviso_sent", actor=actor, public=True,
        summary=_("Aviso enviado con copia íntegra de la respuesta"),
        data={"letter_id": notification.letter_id},
    )
    return notification


@transaction.atomic
def notification_record_aviso_delivery(*, notification: Notification, actor,
                                       delivered_at: datetime,
                                       now: datetime | None = None) -> Notification:
    """Record the aviso delivered; the notification is complete at the end of the next day."""
    now = now or timezone.now()
    notification = _lock(notification)
    if notification.aviso_sent_at is None:
        raise ValidationError(_("No hay aviso enviado."))
    if notification.completed:
        raise ValidationError(_("La notificación ya se surtió."))
    calendar = compliance_services.legal_calendar()
    notification.aviso_delivered_at = delivered_at
    notification.completes_at = rules.aviso_notified_at(_local_date(delivered_at), calendar)
    notification.method = Notification.Method.AVISO
    notification.save(update_fields=["aviso_delivered_at", "completes_at", "method"])
    intake_services.event_record(
        case=notification.letter.case, kind="notification.aviso_delivered", actor=actor,
        public=True,
        summary=_("Aviso entregado; la notificación se surte al final del %(d)s")
        % {"d": timezone.localtime(notification.completes_at, BOGOTA).strftime("%d/%m/%Y")},
        data={"letter_id": notification.letter_id, "completes_at": notification.completes_at},
    )
    if notification.completes_at <= now:
        _complete(notification, at=notification.completes_at,
                  method=Notification.Method.AVISO, actor=actor)
    return notification


@transaction.atomic
def notification_publish(*, notification: Notification, actor,
                         at: datetime | None = None) -> Notification:
    """Unknown address: publish the aviso for 5 days on the website and at the office."""
    at = at or timezone.now()
    notification = _lock(notification)
    if notification.completed:
        raise ValidationError(_("La notificación ya se surtió."))
    calendar = compliance_services.legal_calendar()
    notification.channel = Notification.Channel.PUBLICACION
    notification.published_from = calendar.on_or_after(_local_date(at))
    notification.published_until = rules.publication_until(_local_date(at), calendar)
    notification.completes_at = rules.publication_notified_at(notification.published_until,
                                                              calendar)
    notification.method = Notification.Method.PUBLICACION
    _dispatch(notification, at, "publication")
    notification.save()
    _meet_open_terms(notification.letter.case_id, Term.Purpose.CITACION, at, _("Publicación"))
    intake_services.event_record(
        case=notification.letter.case, kind="notification.published", actor=actor, public=True,
        summary=_("Aviso publicado del %(a)s al %(b)s")
        % {"a": notification.published_from.strftime("%d/%m/%Y"),
           "b": notification.published_until.strftime("%d/%m/%Y")},
        data={"letter_id": notification.letter_id},
    )
    return notification


def _complete(notification: Notification, *, at: datetime, method: str, actor) -> None:
    """Close the notification: the case is notified and the recurso window opens."""
    letter = notification.letter
    case = Case.objects.get(pk=letter.case_id)
    notification.notified_at = at
    notification.method = method
    notification.save(update_fields=["notified_at", "method"])
    # intake has no service to publish an existing attachment; the flag is the only change.
    Attachment.objects.filter(pk=letter.attachment_id).update(public=True)
    response = letter.response
    if _moves_case(response):
        _term_met_by(case_id=case.pk, event="notification", at=at)
        if case.status == S.RESPONDIDO:
            _move(case, S.NOTIFICADO, actor,
                  note=_("Notificación %(m)s") % {"m": notification.get_method_display()})
    intake_services.event_record(
        case=case, kind="notification.completed", actor=actor, public=True,
        summary=_("Respuesta notificada (%(m)s)") % {"m": notification.get_method_display()},
        data={"letter_id": letter.pk, "method": method, "notified_at": at},
    )
    if letter.admits_recursos:
        compliance_services.term_open(
            case_id=case.pk, purpose=Term.Purpose.RECURSO, started_at=at,
            business_days=rules_recurso_days(), legal_basis="Ley 142 de 1994, art. 154")
    recurso = getattr(case, "recurso_record", None) if case.is_recurso else None
    if recurso is not None and recurso.asks_apelacion and recurso.in_window and \
            letter.answer_kind in APELACION_TRIGGERS:
        remission_open(recurso=recurso, at=at)


def rules_recurso_days() -> int:
    from compliance.terms import RECURSO_WINDOW_BUSINESS_DAYS

    return RECURSO_WINDOW_BUSINESS_DAYS


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
        intake_services.event_record(
            case=notification.letter.case, kind="notification.sap_risk", actor=None,
            summary=_("Riesgo de silencio positivo: la citación no se envió a tiempo"),
            data={"letter_id": notification.letter_id})
        done["flagged"] += 1
    for case in Case.objects.filter(status=S.NOTIFICADO, letters__isnull=False).distinct():
        window = Term.objects.filter(case=case, purpose=Term.Purpose.RECURSO).order_by(
            "-started_at").first()
        if window is not None and window.due_at > now:
            continue
        if case.recursos.exists():
            continue
        # An apelación at the SSPD keeps the recurso open until its decision is complied.
        if SspdRemission.objects.filter(recurso__case=case, complied_at__isnull=True).exists():
            continue
        _move(case, S.CERRADO, None, note=_("Vencido el término para recurrir sin recurso")
              if window is not None else _("Decisión notificada sin recursos pendientes"))
        if window is not None and window.is_open:
            compliance_services.term_meet(term=window, met_at=now, how=_("Sin recurso"))
        done["closed"] += 1
    # A decided case that was appealed closes once every recurso against it closed.
    for case in Case.objects.filter(status=S.RECURRIDO):
        if not case.recursos.exclude(status__in=[S.CERRADO, S.ANULADO, S.DESISTIDO]).exists():
            _move(case, S.CERRADO, None, note=_("Recursos resueltos"))
            done["closed"] += 1
    return done


# --- recursos -----------------------------------------------------------------

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
        electronic_consent=bool(parent.electronic_consent_at), data_consent=True,
        parent=parent, attachments=attachments,
    )
    recurso = Recurso.objects.create(
        case=recurso_case, decision_letter=letter, kind=kind, filed_at=filed_at,
        via_public=via_public, window_end=window["window_end"], in_window=window["open"],
        rejection_reason="" if window["open"] else window["reason"],
        paid_undisputed=paid_undisputed,
    )
    intake_services.event_record(
        case=parent, kind="recurso.filed", actor=actor, public=True,
        summary=_("Recurso radicado con el número %(r)s") % {"r": recurso_case.radicado},
        data={"recurso_case_id": recurso_case.pk, "in_window": recurso.in_window,
              "paid_undisputed": paid_undisputed},
    )
    if recurso.in_window:
        if parent.status in (S.NOTIFICADO, S.RESPONDIDO):
            _move(parent, S.RECURRIDO, actor, note=_("Recurso %(r)s") % {"r": recurso_case.radicado})
        _meet_open_terms(parent.pk, Term.Purpose.RECURSO, filed_at, _("Recurso interpuesto"))
    else:
        response_create(
            case=recurso_case, actor=actor, answer_kind=AnswerKind.RECHAZA,
            decision=_("Se rechaza el recurso por extemporáneo. %(reason)s")
            % {"reason": recurso.rejection_reason},
        )
        intake_services.event_record(
            case=recurso_case, kind="recurso.rejected", actor=actor, public=True,
            summary=_("Recurso presentado fuera de término: se rechaza"),
            data={"reason": recurso.rejection_reason},
        )
    return recurso


# --- SSPD -----------------------------------------------------------------------

@transaction.atomic
def remission_open(*, recurso: Recurso, at: datetime) -> SspdRemission:
    """Open the traslado of the apelación to the SSPD with its term (setting, days)."""
    existing = SspdRemission.objects.filter(recurso=recurso).first()
    if existing is not None:
        return existing
    term = compliance_services.term_open(
        case_id=recurso.case_id, purpose=Term.Purpose.TRASLADO_SSPD, started_at=at,
        business_days=settings.PQR_SSPD_REMISSION_DAYS, legal_basis="Ley 142 de 1994, art. 159")
    remission = SspdRemission.objects.create(recurso=recurso, term=term)
    intake_services.event_record(
        case=recurso.case, kind="sspd.remission_opened", actor=None, public=True,
        summary=_("La apelación debe enviarse a la SSPD a más tardar el %(d)s")
        % {"d": term.due_date.strftime("%d/%m/%Y")},
        data={"remission_id": remission.pk},
    )
    return remission


def _attachment_pdf(att: Attachment) -> bytes:
    with att.file.open("rb") as fh:
        content = fh.read()
    if att.content_type == "application/pdf":
        return content
    rows = [(_("Archivo"), att.original_name), (_("Tipo"), att.get_kind_display()),
            (_("SHA-256"), att.sha256)]
    if att.content_type.startswith("image/"):
        return pdf.render_document_pdf(title=att.original_name, rows=rows, image_bytes=content,
                                       image_mime=att.content_type)
    rows.append((_("Nota"), _("Formato no imprimible: el archivo original se entrega aparte.")))
    return pdf.render_document_pdf(title=att.original_name, rows=rows)


def _request_pdf(case: Case) -> bytes:
    return pdf.render_document_pdf(title=_("Solicitud %(r)s") % {"r": case.radicado}, rows=[
        (_("Tipo"), case.get_kind_display()),
        (_("Radicada el"), timezone.localtime(case.filed_at).strftime("%d/%m/%Y %H:%M")),
        (_("Usuario"), f"{case.customer.full_name} ({case.customer.id_type} "
                       f"{case.customer.id_number})"),
        (_("Cuenta"), case.account_number or "—"),
        (_("Causal"), str(case.causal or "—")),
        (_("Asunto"), case.subject or "—"),
        (_("Texto de la solicitud"), case.description),
    ])


def _notification_pdf(notification: Notification) -> bytes:
    def fmt(v):
        return timezone.localtime(v).strftime("%d/%m/%Y %H:%M") if v else "—"

    return pdf.render_document_pdf(
        title=_("Constancia de notificación de %(r)s") % {"r": notification.letter.outgoing_radicado},
        rows=[(_("Medio"), notification.get_channel_display()),
              (_("Forma"), notification.get_method_display() or "—"),
              (_("Correo enviado"), fmt(notification.email_sent_at)),
              (_("Abierto por el usuario"), fmt(notification.opened_at)),
              (_("Citación enviada"), fmt(notification.citation_sent_at)),
              (_("Compareció"), fmt(notification.appeared_at)),
              (_("Recibió"), notification.received_by_name or "—"),
              (_("Aviso enviado"), fmt(notification.aviso_sent_at)),
              (_("Aviso entregado"), fmt(notification.aviso_delivered_at)),
              (_("Notificada el"), fmt(notification.notified_at))])


def expediente_documents(recurso: Recurso) -> list[dict]:
    """
    Return the documents of the expediente in order, each with title, date and PDF.

    For the decided case and then the recurso: the request, each of its files
    in the order received, and right after each issued letter its notification.
    """
    docs = []
    for case in (recurso.decision_letter.case, recurso.case):
        docs.append({"title": _("Solicitud %(r)s (%(k)s)") % {"r": case.radicado,
                                                              "k": case.get_kind_display()},
                     "date": timezone.localtime(case.filed_at), "sha256": "",
                     "pdf": _request_pdf(case)})
        letters = {lt.attachment_id: lt for lt in case.letters.select_related("notification")}
        for att in case.attachments.order_by("uploaded_at", "pk"):
            if att.description.startswith("Expediente"):
                continue
            letter = letters.get(att.pk)
            title = (_("Respuesta %(r)s") % {"r": letter.outgoing_radicado} if letter
                     else f"{att.get_kind_display()}: {att.original_name}")
            docs.append({"title": title, "date": timezone.localtime(att.uploaded_at),
                         "sha256": att.sha256, "pdf": _attachment_pdf(att)})
            notification = getattr(letter, "notification", None) if letter else None
            if notification is not None:
                docs.append({"title": _("Constancia de notificación de %(r)s")
                             % {"r": letter.outgoing_radicado},
                             "date": timezone.localtime(notification.notified_at)
                             if notification.notified_at else "", "sha256": "",
                             "pdf": _notification_pdf(notification)})
    return docs


def build_expediente_pdf(recurso: Recurso) -> tuple[bytes, list[dict]]:
    """Return the expediente PDF (index first, then every document) and its index."""
    docs = expediente_documents(recurso)
    counts = [pdf.page_count(d["pdf"]) for d in docs]

    def index_rows(offset: int) -> list[dict]:
        rows, page = [], offset + 1
        for d, n in zip(docs, counts, strict=True):
            date = d["date"].strftime("%d/%m/%Y %H:%M") if d["date"] else "—"
            rows.append({"title": str(d["title"]), "date": date, "first_page": page,
                         "last_page": page + n - 1, "sha256": d["sha256"]})
            page += n
        return rows

    title = _("Expediente para la SSPD · recurso %(r)s") % {"r": recurso.case.radicado}
    index_pdf = pdf.render_document_pdf(title=title, index=index_rows(1))
    index_pages = pdf.page_count(index_pdf)
    if index_pages != 1:
        index_pdf = pdf.render_document_pdf(title=title, index=index_rows(index_pages))
    index = index_rows(index_pages)
    return pdf.merge_pdfs([index_pdf, *[d["pdf"] for d in docs]]), index


@transaction.atomic
def remission_build_expediente(*, remission: SspdRemission, actor) -> SspdRemission:
    """Assemble and store the expediente PDF on the recurso case."""
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    recurso = remission.recurso
    content, index = build_expediente_pdf(recurso)
    att = intake_services.attachment_add_bytes(
        case=recurso.case, name=f"expediente-sspd-{recurso.case.radicado}.pdf", content=content,
        mime="application/pdf", actor=actor, kind=Attachment.Kind.OTRO,
        description="Expediente SSPD",
    )
    remission.expediente = att
    remission.expediente_index = index
    remission.save(update_fields=["expediente", "expediente_index"])
    return remission


@transaction.atomic
def remission_record_sent(*, remission: SspdRemission, actor, sent_at: datetime,
                          sspd_radicado: str = "") -> SspdRemission:
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    if remission.expediente_id is None:
        raise ValidationError(_("Genere primero el expediente."))
    remission.sent_at = sent_at
    remission.sspd_radicado = sspd_radicado
    remission.save(update_fields=["sent_at", "sspd_radicado"])
    if remission.term is not None:
        compliance_services.term_meet(term=remission.term, met_at=sent_at,
                                      how=_("Expediente enviado a la SSPD"))
    intake_services.event_record(
        case=remission.recurso.case, kind="sspd.sent", actor=actor, public=True,
        summary=_("Expediente enviado a la SSPD") + (f" ({sspd_radicado})" if sspd_radicado else ""),
        data={"remission_id": remission.pk, "sspd_radicado": sspd_radicado},
    )
    return remission


@transaction.atomic
def remission_record_decision(*, remission: SspdRemission, actor, decision: str, text: str,
                              decided_on, sspd_radicado: str = "") -> SspdRemission:
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    remission.sspd_decision = decision
    remission.sspd_decision_text = text
    remission.sspd_decided_at = decided_on
    if sspd_radicado:
        remission.sspd_radicado = sspd_radicado
    remission.save()
    intake_services.event_record(
        case=remission.recurso.case, kind="sspd.decided", actor=actor, public=True,
        summary=_("La SSPD decidió la apelación: %(d)s") % {"d": remission.get_sspd_decision_display()},
        data={"remission_id": remission.pk, "decision": decision},
    )
    return remission


@transaction.atomic
def remission_record_compliance(*, remission: SspdRemission, actor, complied_at: datetime,
                                note: str) -> SspdRemission:
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    if not remission.sspd_decision:
        raise ValidationError(_("Registre primero la decisión de la SSPD."))
    remission.complied_at = complied_at
    remission.compliance_note = note
    remission.save(update_fields=["complied_at", "compliance_note"])
    intake_services.event_record(
        case=remission.recurso.case, kind="sspd.complied", actor=actor, public=True,
        summary=_("Cumplimiento de la decisión de la SSPD registrado"),
        data={"remission_id": remission.pk},
    )
    return remission


# --- tutela ---------------------------------------------------------------------

@transaction.atomic
def tutela_record_order(*, case: Case, actor, court: str, order_summary: str,
                        deadline_at: datetime | None = None) -> TutelaRecord:
    if case.kind != CaseKind.TUTELA:
        raise ValidationError(_("El caso no es una tutela."))
    deadline_at = deadline_at or case.hand_deadline_at
    if deadline_at is None:
        raise ValidationError({"deadline_at": _("Indique el plazo exacto de la orden.")})
    record, _created = TutelaRecord.objects.update_or_create(
        case=case, defaults={"court": court, "order_summary": order_summary,
                             "deadline_at": deadline_at})
    intake_services.event_record(case=case, kind="tutela.order", actor=actor,
                                 summary=_("Orden del juez registrada"),
                                 data={"court": court, "deadline_at": deadline_at})
    return record


@transaction.atomic
def tutela_record_answer_filed(*, record: TutelaRecord, actor, at: datetime) -> TutelaRecord:
    record = TutelaRecord.objects.select_for_update().get(pk=record.pk)
    record.answer_filed_at = at
    record.save(update_fields=["answer_filed_at"])
    if record.case.response_term_id:
        compliance_services.term_meet(term=record.case.response_term, met_at=at,
                                      how=_("Contestación radicada en el juzgado"))
    intake_services.event_record(case=record.case, kind="tutela.answered", actor=actor,
                                 summary=_("Contestación de la tutela radicada"),
                                 data={"at": at})
    return record


@transaction.atomic
def tutela_record_ruling(*, record: TutelaRecord, actor, ruling: str, summary: str,
                         notified_at: datetime) -> TutelaRecord:
    """Record the ruling; a ruling against the company opens the 48-hour compliance term."""
    record = TutelaRecord.objects.select_for_update().get(pk=record.pk)
    record.ruling = ruling
    record.ruling_summary = summary
    record.ruling_notified_at = notified_at
    if ruling == TutelaRecord.Ruling.CONCEDE and record.compliance_term_id is None:
        record.compliance_term = compliance_services.term_open(
            case_id=record.case_id, purpose=Term.Purpose.CUMPLIMIENTO_FALLO,
            started_at=notified_at, hours=48, legal_basis="Decreto 2591 de 1991, art. 27")
    record.save()
    intake_services.event_record(case=record.case, kind="tutela.ruling", actor=actor,
                                 summary=_("Fallo de tutela: %(r)s") % {"r": record.get_ruling_display()},
                                 data={"ruling": ruling})
    return record


@transaction.atomic
def tutela_record_compliance(*, record: TutelaRecord, actor, at: datetime,
                             note: str) -> TutelaRecord:
    record = TutelaRecord.objects.select_for_update().get(pk=record.pk)
    record.complied_at = at
    record.compliance_note = note
    record.save(update_fields=["complied_at", "compliance_note"])
    if record.compliance_term is not None:
        compliance_services.term_meet(term=record.compliance_term, met_at=at,
                                      how=_("Fallo cumplido"))
    intake_services.event_record(case=record.case, kind="tutela.complied", actor=actor,
                                 summary=_("Cumplimiento del fallo registrado"), data={"at": at})
    return record


# --- SAP ------------------------------------------------------------------------

@transaction.atomic
def sap_open(*, case: Case, actor, at: datetime | None = None) -> SapRecognition:
    """Open the 72-hour recognition of a SAP, reusing a term compliance already opened."""
    at = at or timezone.now()
    open_rec = SapRecognition.objects.filter(case=case, outcome="").first()
    if open_rec is not None:
        return open_rec
    term = Term.objects.filter(case=case, purpose=Term.Purpose.SAP_RECONOCIMIENTO,
                               met_at__isnull=True, cancelled_at__isnull=True).first()
    if term is None:
        due = case.response_term.due_date if case.response_term_id else _local_date(at)
        term = compliance_services.term_open(
            case_id=case.pk, purpose=Term.Purpose.SAP_RECONOCIMIENTO, started_at=at,
            due_at=sap_recognition_deadline(due), legal_basis="Ley 142 de 1994, art. 158")
    rec = SapRecognition.objects.create(case=case, term=term, opened_at=at)
    intake_services.event_record(case=case, kind="sap.opened", actor=actor,
                                 summary=_("Reconocimiento de silencio positivo: 72 horas"),
                                 data={"recognition_id": rec.pk, "due_at": term.due_at})
    return rec


@transaction.atomic
def sap_record_outcome(*, recognition: SapRecognition, actor, outcome: str, note: str,
                       at: datetime | None = None) -> SapRecognition:
    at = at or timezone.now()
    rec = SapRecognition.objects.select_for_update().get(pk=recognition.pk)
    if rec.outcome:
        raise ValidationError(_("El resultado ya fue registrado."))
    if not note.strip():
        raise ValidationError({"outcome_note": _("Describa el resultado y su soporte.")})
    rec.outcome, rec.outcome_note, rec.outcome_at, rec.recorded_by = outcome, note, at, actor
    rec.save()
    if rec.term is not None:
        compliance_services.term_meet(term=rec.term, met_at=at, how=rec.get_outcome_display())
    intake_services.event_record(case=rec.case, kind="sap.outcome", actor=actor,
                                 summary=_("SAP: %(o)s") % {"o": rec.get_outcome_display()},
                                 data={"recognition_id": rec.pk, "outcome": outcome})
    return rec
