"""
The legal acts that take a case off the legal clock, other than a decision
notified (issuing + notification): the requerimiento to complete a request and
the petitioner's answer, the desistimiento tácito (Ley 1755 art. 17) and
expreso (CPACA art. 18), and the traslado por competencia (art. 21).

Each act has its letter (PDF with outgoing radicado, kept as an issued letter
with its verification code), its event, and meets the terms it answers
(compliance.services.terms_meet_by_act: met_how names the act); no other term
is touched. Final states are reached only here and by the notification sweep
(intake.workflow.FINAL_ACTS).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from caserecord.outbox import email_enqueue
from caserecord.services import event_record
from compliance import services as compliance_services
from compliance.models import Term
from compliance.terms import completion_due
from intake import services as intake_services
from intake.models import Attachment, Case
from intake.workflow import TransitionNotAllowed, allowed_targets
from pqr_portal.access import require, roles_for
from responses import pdf, policy
from responses.models import AnswerKind, IssuedLetter, Purpose, Response
from responses.services.common import (
    DRAFTABLE_STATUSES,
    S,
    _local_date,
    _move,
    addressee_for,
    recursos_text_for,
)
from responses.services.drafting import _snapshot

DATE = "%d/%m/%Y"


def _fmt(instant: datetime) -> str:
    return _local_date(instant).strftime(DATE)


def _paragraphs(text: str) -> str:
    """Staff text as safe HTML paragraphs (escaped; never a template)."""
    return linebreaks(escape(text.strip()))


def _petitioner(case: Case) -> dict:
    to = addressee_for(case)
    if to["authority"]:  # acts about a citizen's request always go to the citizen
        customer = case.customer
        lines = [f"{customer.id_type} {customer.id_number}", case.notify_address]
        return {"name": customer.full_name, "lines": [x for x in lines if x], "copy_to": ""}
    return to


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related(
        "customer", "municipality").get(pk=case.pk)


def _require_final(case: Case, target: str, actor) -> None:
    if target not in allowed_targets(case.status, roles_for(actor)):
        raise ValidationError(_("El caso está en estado «%(s)s»: este acto ya no procede.")
                              % {"s": case.get_status_display()})


def _issue_act_letter(*, case: Case, purpose: str, actor, at: datetime, to: dict,
                      subject: str, body_html: str, decision: str, answer_kind: str = "",
                      admits_recursos: bool = False, heading: str = "") -> IssuedLetter:
    """
    Issue the letter of an act signed by `actor`: a response row already
    emitted (the act is its own review), outgoing radicado, PDF, hash, event.
    The PDF is rendered while the counter row is locked (it prints the number).
    """
    response = Response.objects.create(
        case=case, purpose=purpose, answer_kind=answer_kind, body_html=body_html,
        decision=decision, admits_recursos=admits_recursos,
        recursos_text=recursos_text_for("reposicion") if admits_recursos else "",
        created_by=actor, approved_by=actor, approved_at=at, status=Response.Status.EMITIDA)
    _snapshot(response, actor)
    radicado = intake_services.radicado_next(series=intake_services.OUTGOING_SERIES, when=at)
    letter = IssuedLetter(response=response, case=case, outgoing_radicado=radicado, issued_at=at,
                          issued_by=actor, answer_kind=answer_kind,
                          admits_recursos=admits_recursos, addressee=to["name"])
    context = pdf.letter_context(response=response, letter=letter, signer=actor, drafter=None,
                                 addressee=to)
    context.update(subject=subject, decision_heading=heading or _("Decisión"),
                   show_recursos=admits_recursos)
    content = pdf.render_letter_pdf(context)
    label = Purpose(purpose).label
    attachment = intake_services.attachment_add_bytes(
        case=case, name=f"{purpose}-{radicado}.pdf", content=content, mime="application/pdf",
        actor=actor, kind=Attachment.Kind.RESPUESTA,
        description=f"{label} {radicado}")
    letter.attachment, letter.sha256 = attachment, attachment.sha256
    letter.save()
    event_record(case=case, record=response, kind="response.issued", actor=actor,
                 data={"letter_id": letter.pk, "outgoing_radicado": radicado,
                       "sha256": letter.sha256, "answer_kind": answer_kind,
                       "response_id": response.pk, "purpose": purpose,
                       "from": "", "to": response.status})
    return letter


def _email_letter(*, to: str, case: Case, letter: IssuedLetter, purpose: str, subject: str,
                  body: str, extra=()):
    """Queue the letter by e-mail (the outbox sends it after commit)."""
    files = [{"name": letter.attachment.original_name, "path": letter.attachment.file.name,
              "mimetype": "application/pdf"}, *extra]
    return email_enqueue(to=to, case=case, purpose=purpose, subject=subject, body=body,
                         attachments=files)


def _copy_to_petitioner(case: Case, letter: IssuedLetter, purpose: str, subject: str):
    """E-mail the petitioner a letter when they accepted electronic notices; else it goes by post."""
    if not (case.electronic_consent_at and case.notify_email):
        return None
    body = _("Señor(a) %(name)s:\n\nAdjuntamos la comunicación %(out)s sobre su solicitud "
             "%(in)s.\n\nCódigo de verificación del documento: %(code)s\n\n%(company)s") % {
        "name": case.customer.full_name, "out": letter.outgoing_radicado, "in": case.radicado,
        "code": letter.verification_code, "company": settings.PQR_COMPANY_NAME}
    return _email_letter(to=case.notify_email, case=case, letter=letter, purpose=purpose,
                         subject=subject, body=body)


# --- requerimiento (Ley 1755 art. 17) ---------------------------------------------

@transaction.atomic
def requerimiento_send(*, case: Case, actor, missing: str, at: datetime | None = None,
                       communicated_at: datetime | None = None) -> IssuedLetter:
    """
    Ask the petitioner to complete the request: within 10 business days of
    filing, by letter; the response term stops from that day and the
    petitioner's month runs from the communication (`communicated_at`, by
    default the letter's instant; e-mailed when they accepted it).
    """
    require(policy.can_record_acts(actor, case))
    now = timezone.now()
    at = at or now
    communicated_at = communicated_at or at
    if not missing.strip():
        raise ValidationError({"missing": _("Indique qué debe aportar el peticionario.")})
    if communicated_at > now or at > now:
        raise ValidationError({"communicated_at": _("La comunicación no puede ser futura.")})
    case = _lock(case)
    if case.status not in DRAFTABLE_STATUSES - {S.RESPUESTA_EN_REVISION}:
        raise ValidationError(_("El caso está en estado «%(s)s»: ya no admite requerimiento.")
                              % {"s": case.get_status_display()})
    limit = compliance_services.requerimiento_limit(case_id=case.pk)
    if _local_date(at) > limit:
        raise ValidationError(_(
            "El requerimiento debía enviarse a más tardar el %(d)s (10 días hábiles después de "
            "la radicación, Ley 1755 art. 17): la solicitud se decide como fue presentada.")
            % {"d": limit.strftime(DATE)})
    month_due = completion_due(_local_date(communicated_at), compliance_services.legal_calendar())
    decision = _(
        "Cuenta con un (1) mes, hasta el %(due)s, para aportar lo requerido. Si no lo hace ni "
        "pide prórroga antes de esa fecha, se entenderá que desistió de su solicitud y se "
        "archivará el expediente mediante acto motivado, contra el cual procede el recurso de "
        "reposición (Ley 1755 de 2015, art. 17). Mientras tanto, el término para responder "
        "está suspendido.") % {"due": month_due.strftime(DATE)}
    body = _paragraphs(_(
        "Revisada su solicitud radicada con el número %(r)s el %(d)s, para decidirla de fondo "
        "necesitamos que aporte lo siguiente:") % {"r": case.radicado, "d": _fmt(case.counts_from)}
    ) + _paragraphs(missing)
    letter = _issue_act_letter(
        case=case, purpose=Purpose.REQUERIMIENTO, actor=actor, at=at, to=_petitioner(case),
        subject=_("Requerimiento para completar la solicitud %(r)s") % {"r": case.radicado},
        body_html=body, decision=decision, heading=_("Plazo para completar"))
    how = _("Requerimiento %(r)s") % {"r": letter.outgoing_radicado}
    _req, month = compliance_services.requerimiento_terms_record(
        case_id=case.pk, sent_at=at, communicated_at=communicated_at, how=how)
    response_term = compliance_services.response_term_of(case.pk)
    adjustment = compliance_services.term_suspend(
        term=response_term, cause="incompleta", starts_on=_local_date(at), actor=actor,
        note=missing[:1000], letter_radicado=letter.outgoing_radicado, letter_issued_at=at)
    if communicated_at is not None:
        compliance_services.adjustment_communicated(
            adjustment_id=adjustment.pk, at=communicated_at, channel="requerimiento")
    email = _copy_to_petitioner(case, letter, "act.requerimiento", _(
        "Requerimiento para completar su solicitud %(r)s") % {"r": case.radicado})
    event_record(case=case, kind="act.requerimiento_sent", actor=actor,
                 data={"letter_id": letter.pk, "outgoing_radicado": letter.outgoing_radicado,
                       "limit": limit, "month_due": month.due_date,
                       "communicated_at": communicated_at,
                       "email_id": email.pk if email else None})
    return letter


@transaction.atomic
def completion_record(*, case: Case, actor, received_at: datetime, document=None,
                      note: str = "") -> Term:
    """
    The petitioner completed the request within the month: the month is met
    and the response term runs again from the next day.
    """
    require(policy.can_record_acts(actor, case))
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("La fecha de recibo no puede ser futura.")})
    case = _lock(case)
    month = compliance_services.completion_term(case.pk)
    if month is None or not month.is_open:
        raise ValidationError(_("No hay un requerimiento pendiente de respuesta."))
    if received_at >= month.due_at:
        raise ValidationError(_("El mes para completar venció el %(d)s: corresponde declarar "
                                "el desistimiento tácito.") % {"d": month.due_date.strftime(DATE)})
    if document is not None:
        intake_services.attachment_add(case=case, uploaded=document, actor=actor,
                                       kind=Attachment.Kind.PETICION,
                                       description=_("Documentos aportados al requerimiento"),
                                       public=True)
    compliance_services.term_meet(term=month, met_at=received_at,
                                  how=_("Completada por el peticionario"))
    term = compliance_services.response_term_of(case.pk)
    if term.suspended_since is not None:
        term = compliance_services.term_resume(term=term, ends_on=_local_date(received_at),
                                               actor=actor)
    event_record(case=case, kind="act.completed", actor=actor, note=note,
                 data={"received_at": received_at, "due_date": term.due_date})
    return term


@transaction.atomic
def completion_extension_record(*, case: Case, actor, requested_at: datetime, document=None,
                                note: str = "") -> Term:
    """
    The petitioner asked, before the month ran out, for more time to complete
    (Ley 1755 art. 17, up to one more month, once): the request is attached,
    the month moves (compliance.services.completion_extend) and so does the
    desistimiento tácito, which waits for the new date.
    """
    require(policy.can_record_acts(actor, case))
    if requested_at > timezone.now():
        raise ValidationError({"requested_at": _("La fecha de la solicitud no puede ser futura.")})
    case = _lock(case)
    before = compliance_services.completion_term(case.pk)
    previous_due = before.due_date if before is not None else None
    writing = None
    if document is not None:
        writing = intake_services.attachment_add(
            case=case, uploaded=document, actor=actor, kind=Attachment.Kind.PETICION,
            description=_("Solicitud de prórroga para completar"), public=True)
    month, adjustment = compliance_services.completion_extend(
        case_id=case.pk, requested_at=requested_at, actor=actor, note=note,
        reference=writing.original_name if writing else "")
    event_record(case=case, kind="act.completion_extended", actor=actor, note=note,
                 data={"requested_at": requested_at, "previous_due": previous_due,
                       "due_date": month.due_date, "adjustment_id": adjustment.pk,
                       "attachment_id": writing.pk if writing else None})
    return month


# --- desistimiento -------------------------------------------------------------------

@transaction.atomic
def desistimiento_tacito_draft(*, case: Case, actor, reasons: str,
                               now: datetime | None = None) -> Response:
    """
    Draft the reasoned act of desistimiento tácito once the petitioner's month
    ran out unanswered. It then follows review, issue and notification like
    any decision (reposición only); the case ends as desistido when the
    recurso window closes (responses.services.notifications_sweep).
    """
    require(policy.can_record_acts(actor, case))
    now = now or timezone.now()
    case = _lock(case)
    month = compliance_services.completion_term(case.pk)
    if month is None:
        raise ValidationError(_("El desistimiento tácito exige un requerimiento para completar "
                                "la solicitud (Ley 1755 art. 17)."))
    if not month.is_open:
        raise ValidationError(_("El peticionario ya respondió el requerimiento."))
    if now < month.due_at:
        raise ValidationError(_("El peticionario tiene hasta el %(d)s para completar la "
                                "solicitud.") % {"d": month.due_date.strftime(DATE)})
    if case.status not in DRAFTABLE_STATUSES:
        raise ValidationError(_("El caso está en estado «%(s)s»: no admite el acto.")
                              % {"s": case.get_status_display()})
    if case.responses.filter(purpose=Purpose.DESISTIMIENTO_TACITO).exclude(
            status=Response.Status.DESCARTADA).exists():
        raise ValidationError(_("Ya hay un acto de desistimiento tácito para este caso."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Exponga los motivos del acto.")})
    requerimiento = case.letters.filter(response__purpose=Purpose.REQUERIMIENTO).order_by(
        "-issued_at").first()
    extended = month.adjustments.filter(cause="prorroga_completar").exists()
    text = _(
        "Mediante el requerimiento %(req)s, comunicado el %(comm)s, se le pidió completar su "
        "solicitud radicada con el número %(r)s. El plazo, prorrogado a solicitud suya por un "
        "mes más, venció el %(due)s sin que aportara lo requerido.") if extended else _(
        "Mediante el requerimiento %(req)s, comunicado el %(comm)s, se le pidió completar su "
        "solicitud radicada con el número %(r)s. El plazo de un (1) mes venció el %(due)s sin "
        "que aportara lo requerido ni pidiera prórroga.")
    body = _paragraphs(text % {
        "req": requerimiento.outgoing_radicado if requerimiento else "—",
        "comm": _fmt(month.started_at), "r": case.radicado,
        "due": month.due_date.strftime(DATE)}) + _paragraphs(reasons)
    decision = _(
        "Decretar el desistimiento tácito de la solicitud %(r)s y archivar el expediente (Ley "
        "1755 de 2015, art. 17). La solicitud podrá presentarse de nuevo con el lleno de los "
        "requisitos legales.") % {"r": case.radicado}
    response = Response.objects.create(
        case=case, purpose=Purpose.DESISTIMIENTO_TACITO, answer_kind=AnswerKind.ARCHIVA,
        body_html=body, decision=decision, admits_recursos=True,
        recursos_text=recursos_text_for("reposicion"), created_by=actor)
    _snapshot(response, actor)
    event_record(case=case, kind="response.drafted", actor=actor,
                 data={"response_id": response.pk, "template_id": None,
                       "template_name": str(Purpose.DESISTIMIENTO_TACITO.label)})
    return response


@transaction.atomic
def desistimiento_expreso_record(*, case: Case, actor, document, note: str = "",
                                 at: datetime | None = None) -> IssuedLetter:
    """
    The petitioner withdrew in writing (CPACA art. 18): the writing is attached,
    a letter records the archive, the response term is met by the withdrawal
    and the case ends as desistido.
    """
    require(policy.can_record_acts(actor, case))
    at = at or timezone.now()
    if document is None:
        raise ValidationError({"document": _("Adjunte el escrito de desistimiento firmado por el "
                                             "peticionario.")})
    case = _lock(case)
    _require_final(case, S.DESISTIDO, actor)
    writing = intake_services.attachment_add(
        case=case, uploaded=document, actor=actor, kind=Attachment.Kind.DESISTIMIENTO,
        description=_("Escrito de desistimiento"))
    decision = _(
        "Aceptar el desistimiento expreso de la solicitud %(r)s presentado por escrito y "
        "archivarla (Ley 1437 de 2011, art. 18, sustituido por la Ley 1755 de 2015). La "
        "solicitud podrá presentarse de nuevo con el lleno de los requisitos legales.") % {
        "r": case.radicado}
    body = _paragraphs(_("Recibimos su escrito en el que desiste de la solicitud radicada con el "
                         "número %(r)s.") % {"r": case.radicado})
    if note.strip():
        body += _paragraphs(note)
    letter = _issue_act_letter(
        case=case, purpose=Purpose.DESISTIMIENTO_EXPRESO, actor=actor, at=at,
        to=_petitioner(case), answer_kind=AnswerKind.ARCHIVA,
        subject=_("Archivo por desistimiento de la solicitud %(r)s") % {"r": case.radicado},
        body_html=body, decision=decision)
    how = _("Desistimiento expreso del peticionario (constancia %(r)s)") % {
        "r": letter.outgoing_radicado}
    met = compliance_services.terms_meet_by_act(
        case_id=case.pk, purposes=[Term.Purpose.RESPUESTA, Term.Purpose.COMPLETAR], at=at,
        how=how)
    _copy_to_petitioner(case, letter, "act.desistimiento", _(
        "Archivo de su solicitud %(r)s por desistimiento") % {"r": case.radicado})
    event_record(case=case, kind="act.desistimiento_expreso", actor=actor, note=note,
                 data={"letter_id": letter.pk, "outgoing_radicado": letter.outgoing_radicado,
                       "attachment_id": writing.pk, "terms_met": met})
    try:
        _move(case, S.DESISTIDO, actor, note=how, act="desistimiento_expreso")
    except TransitionNotAllowed as exc:
        raise ValidationError(_("Este acto ya no procede en el estado del caso.")) from exc
    return letter


# --- traslado por competencia (Ley 1755 art. 21) ---------------------------------------

@transaction.atomic
def traslado_record(*, case: Case, actor, entity_name: str, reasons: str,
                    entity_address: str = "", entity_email: str = "",
                    at: datetime | None = None) -> tuple[IssuedLetter, IssuedLetter]:
    """
    Transfer the request to the competent entity: the oficio to the entity
    (e-mailed with the request when it has an address), the communication to
    the petitioner, the 5-day term met by the oficio (late shows), the response
    term met by the traslado, and the case ends as trasladado.
    """
    require(policy.can_record_acts(actor, case))
    at = at or timezone.now()
    if not entity_name.strip():
        raise ValidationError({"entity_name": _("Indique la entidad competente.")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Explique por qué la empresa no es competente.")})
    case = _lock(case)
    _require_final(case, S.TRASLADADO, actor)
    filed = _fmt(case.counts_from)
    entity = {"name": entity_name.strip(),
              "lines": [x for x in (entity_address.strip(), entity_email.strip()) if x],
              "copy_to": case.customer.full_name}
    oficio = _issue_act_letter(
        case=case, purpose=Purpose.TRASLADO, actor=actor, at=at, to=entity,
        answer_kind=AnswerKind.TRASLADA, heading=_("Traslado"),
        subject=_("Traslado por competencia de la solicitud %(r)s") % {"r": case.radicado},
        body_html=_paragraphs(_(
            "En cumplimiento del artículo 21 de la Ley 1437 de 2011 (sustituido por la Ley 1755 "
            "de 2015), remitimos por competencia la solicitud radicada con el número %(r)s el "
            "%(d)s por %(name)s, cuyo objeto es el siguiente:") % {
            "r": case.radicado, "d": filed, "name": case.customer.full_name})
        + _paragraphs(case.description) + _paragraphs(reasons),
        decision=_("Se remite la solicitud a %(e)s, entidad competente para resolverla.")
        % {"e": entity["name"]})
    communication = _issue_act_letter(
        case=case, purpose=Purpose.COMUNICACION_TRASLADO, actor=actor, at=at,
        to=_petitioner(case), answer_kind=AnswerKind.TRASLADA, heading=_("Traslado"),
        subject=_("Su solicitud %(r)s fue trasladada por competencia") % {"r": case.radicado},
        body_html=_paragraphs(_(
            "Le informamos que %(company)s no es competente para resolver su solicitud "
            "radicada con el número %(r)s el %(d)s.") % {"r": case.radicado, "d": filed,
                                                         "company": settings.PQR_COMPANY_NAME})
        + _paragraphs(reasons),
        decision=_("Mediante el oficio %(o)s del %(day)s la remitimos a %(e)s, que le "
                   "responderá (Ley 1755 de 2015, art. 21).") % {
            "o": oficio.outgoing_radicado, "day": _fmt(at), "e": entity["name"]})
    how = _("Traslado por competencia a %(e)s (oficio %(o)s)") % {
        "e": entity["name"], "o": oficio.outgoing_radicado}
    traslado_term = compliance_services.traslado_term_record(case_id=case.pk, at=at, how=how)
    met = compliance_services.terms_meet_by_act(
        case_id=case.pk, purposes=[Term.Purpose.RESPUESTA, Term.Purpose.COMPLETAR], at=at,
        how=how)
    entity_mail = None
    if entity_email.strip():
        request_files = [{"name": a.original_name, "path": a.file.name,
                          "mimetype": a.content_type}
                         for a in case.attachments.filter(kind__in=[Attachment.Kind.PETICION,
                                                                    Attachment.Kind.CARTA_ESCANEADA])]
        entity_mail = _email_letter(
            to=entity_email.strip(), case=case, letter=oficio, purpose="act.traslado",
            subject=_("Traslado por competencia: solicitud %(r)s") % {"r": case.radicado},
            body=_("Remitimos por competencia la solicitud %(r)s (oficio %(o)s adjunto).\n\n"
                   "%(company)s") % {"r": case.radicado, "o": oficio.outgoing_radicado,
                                     "company": settings.PQR_COMPANY_NAME},
            extra=request_files)
    _copy_to_petitioner(case, communication, "act.traslado_comunicacion", _(
        "Su solicitud %(r)s fue trasladada por competencia") % {"r": case.radicado})
    event_record(case=case, kind="act.traslado", actor=actor,
                 data={"entity": entity["name"], "entity_address": entity_address.strip(),
                       "entity_email": entity_email.strip(),
                       "oficio": oficio.outgoing_radicado,
                       "communication": communication.outgoing_radicado,
                       "due_date": traslado_term.due_date,
                       "late": compliance_services.term_was_late(traslado_term),
                       "terms_met": met,
                       "email_id": entity_mail.pk if entity_mail else None})
    try:
        _move(case, S.TRASLADADO, actor, note=how, act="traslado_competencia")
    except TransitionNotAllowed as exc:
        raise ValidationError(_("Este acto ya no procede en el estado del caso.")) from exc
    return oficio, communication
