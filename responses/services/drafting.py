"""Drafting, review and approval of an answer (versions kept, checks before approval)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from intake import services as intake_services
from intake.choices import CaseKind
from intake.models import Attachment, Case
from pqr_portal.access import require, roles_for
from responses import policy, rules
from responses.models import (
    Purpose,
    Response,
    ResponseTemplate,
    ResponseVersion,
    ReviewAction,
)
from responses.services.common import (
    DRAFTABLE_STATUSES,
    PROBLEM_MESSAGES,
    S,
    _move,
    _moves_case,
    default_payment_reminder,
    recursos_text_for,
)
from responses.templating import merge_plain, merge_values, render_template_text, sanitize_html
from responses.transitions import RESPONSE_TABLE


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


def response_create(*, case: Case, actor, template: ResponseTemplate | None = None,
                    purpose: str | None = None, amounts: dict | None = None,
                    answer_kind: str = "", decision: str = "") -> Response:
    """Start a draft answer for `case`, from a template or blank; version 1 is saved."""
    require(policy.can_draft(actor, case))
    return _response_create(case=case, actor=actor, template=template, purpose=purpose,
                            amounts=amounts, answer_kind=answer_kind, decision=decision)


@transaction.atomic
def _response_create(*, case: Case, actor, template: ResponseTemplate | None = None,
                     purpose: str | None = None, amounts: dict | None = None,
                     answer_kind: str = "", decision: str = "") -> Response:
    """response_create without the actor check: a draft another service starts as a consequence."""
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
        admits = template.admits_recursos and rules.default_admits_recursos(
            case.kind, answer_kind, purpose)
    else:
        admits = rules.default_admits_recursos(case.kind, answer_kind, purpose)
    response = Response.objects.create(
        case=case, purpose=purpose, template=template, answer_kind=answer_kind,
        body_html=render_template_text(template.body, values) if template else "",
        decision=decision or (merge_plain(template.decision, values) if template else ""),
        admits_recursos=admits,
        recursos_text=recursos_text_for(rules.recursos_offer(case.kind, answer_kind, purpose)),
        payment_reminder=default_payment_reminder()
        if billing and case.kind not in rules.RECURSO_KINDS else "",
        created_by=actor,
    )
    _snapshot(response, actor)
    event_record(
        case=case, kind="response.drafted", actor=actor,
        data={"response_id": response.pk, "template_id": template.pk if template else None,
              "template_name": template.name if template else ""},
    )
    return response


@transaction.atomic
def response_save(*, response: Response, actor, answer_kind: str, body_html: str,
                  decision: str, admits_recursos: bool, recursos_text: str,
                  payment_reminder: str = "", evidence=(), new_evidence=()) -> Response:
    """Save a new version of a draft (rich text sanitised; evidence from the case)."""
    require(policy.can_edit_response(actor, response))
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
    event_record(
        case=response.case, kind="response.saved", actor=actor,
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
        payment_reminder=response.payment_reminder, purpose=response.purpose,
    )
    return [_(PROBLEM_MESSAGES[c]) for c in codes]


@transaction.atomic
def response_submit(*, response: Response, actor) -> Response:
    """Send a draft to the coordinator's review."""
    require(policy.can_edit_response(actor, response))
    response = Response.objects.select_for_update().get(pk=response.pk)
    RESPONSE_TABLE.require(response.status, Response.Status.EN_REVISION, roles_for(actor),
                           _("Esta respuesta ya fue enviada a revisión."))
    previous = response.status
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
    event_record(case=case, record=response, kind="response.submitted", actor=actor,
                 data={"response_id": response.pk, "version": response.version,
                       "from": previous, "to": response.status})
    return response


@transaction.atomic
def response_return(*, response: Response, actor, comment: str) -> Response:
    """Return the draft to its author with the coordinator's comments."""
    require(policy.can_review(actor, response))
    if not comment.strip():
        raise ValidationError({"comment": _("Escriba las observaciones para quien proyectó.")})
    response = Response.objects.select_for_update().get(pk=response.pk)
    RESPONSE_TABLE.require(response.status, Response.Status.DEVUELTA, roles_for(actor),
                           _("Solo se devuelve una respuesta en revisión."))
    if _moves_case(response):
        _move(response.case, S.DEVUELTA, actor, note=comment)
    response.status = Response.Status.DEVUELTA
    response.save(update_fields=["status", "updated_at"])
    ReviewAction.objects.create(response=response, action=ReviewAction.Action.RETURNED,
                                version=response.version, comment=comment, actor=actor)
    event_record(case=response.case, record=response, kind="response.returned", actor=actor,
                 note=comment, data={"response_id": response.pk, "version": response.version,
                                     "from": Response.Status.EN_REVISION,
                                     "to": response.status})
    return response


@transaction.atomic
def response_approve(*, response: Response, actor) -> Response:
    """
    Approve the draft after the checks; the response term is NOT met here.

    A coordinator who wrote or edited the draft may not approve it: the
    policy refuses (PermissionDenied), checked again on the locked row.
    """
    require(policy.can_review(actor, response))
    response = Response.objects.select_for_update().get(pk=response.pk)
    require(policy.can_approve(actor, response))
    RESPONSE_TABLE.require(response.status, Response.Status.APROBADA, roles_for(actor),
                           _("Solo se aprueba una respuesta en revisión."))
    problems = response_problems(response)
    if problems:
        raise ValidationError(problems)
    response.status = Response.Status.APROBADA
    response.approved_by = actor
    response.approved_at = timezone.now()
    response.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    ReviewAction.objects.create(response=response, action=ReviewAction.Action.APPROVED,
                                version=response.version, actor=actor)
    event_record(case=response.case, record=response, kind="response.approved", actor=actor,
                 data={"response_id": response.pk, "version": response.version,
                       "from": Response.Status.EN_REVISION, "to": response.status})
    return response
