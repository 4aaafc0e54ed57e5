"""Staff pages of responses: drafting, review, issuing, notification, recursos, SSPD."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from caserecord.files import safe_filename
from caserecord.models import DataAccess
from caserecord.services import data_access_record
from intake.selectors import case_get_for
from pqr_portal.access import policy_required
from pqr_portal.confirm import confirmed
from responses import forms, policy, selectors, services
from responses.models import AnswerKind, Purpose, SapRecognition, TutelaRecord


def _errors(request, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        for msg in exc.messages:
            form.add_error(None, msg)


def _to_case(case_id: int):
    return redirect("responses:case", case_id=case_id)


@policy_required(policy.can_draft)
def review_queue(request):
    ctx = selectors.review_queue_for(request.user)
    ctx["page_title"] = _("Respuestas")
    return render(request, "responses/review_queue.html", ctx)


@policy_required(policy.can_view_responses)
def case_responses(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    return render(request, "responses/case.html", {"case": case, "page_title": case.radicado})


@policy_required(policy.can_draft)
@require_http_methods(["GET", "POST"])
def response_new(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    purpose = request.GET.get("uso") or request.POST.get("uso") or ""
    if purpose not in Purpose.values:
        purpose = ""
    templates = services.templates_for(case, purpose or Purpose.RESPUESTA)
    form = forms.NewResponseForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        amounts = {k: form.cleaned_data[k] for k in ("valor_reclamado", "valor_reconocido")}
        try:
            response = services.response_create(
                case=case, actor=request.user, template=form.cleaned_data["template"],
                purpose=purpose or None, amounts=amounts)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Proyecto de respuesta creado."))
            return redirect("responses:edit", response_id=response.pk)
    return render(request, "responses/new.html", {
        "case": case, "form": form, "purpose": purpose, "templates": templates,
        "page_title": _("Nueva respuesta")}, status=400 if form.errors else 200)


@policy_required(policy.can_edit_response)
@require_http_methods(["GET", "POST"])
def response_edit(request, response_id: int):
    response = selectors.response_get_for(request.user, response_id=response_id)
    case = response.case
    initial = {"answer_kind": response.answer_kind, "body_html": response.body_html,
               "decision": response.decision, "admits_recursos": response.admits_recursos,
               "recursos_text": response.recursos_text,
               "payment_reminder": response.payment_reminder,
               "evidence": list(response.evidence.all())}
    form = forms.ResponseEditForm(request.POST or None, request.FILES or None, case=case,
                                  initial=initial)
    if request.method == "POST" and response.editable and form.is_valid():
        data = form.cleaned_data
        try:
            services.response_save(
                response=response, actor=request.user, answer_kind=data["answer_kind"],
                body_html=data["body_html"], decision=data["decision"],
                admits_recursos=data["admits_recursos"], recursos_text=data["recursos_text"],
                payment_reminder=data["payment_reminder"], evidence=data["evidence"],
                new_evidence=[data["new_evidence"]] if data.get("new_evidence") else [])
            if "submit" in request.POST:
                services.response_submit(response=response, actor=request.user)
                messages.success(request, _("Respuesta enviada a revisión."))
                return _to_case(case.pk)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Respuesta guardada."))
            return redirect("responses:edit", response_id=response.pk)
    response.refresh_from_db()
    return render(request, "responses/edit.html", {
        "response": response, "case": case, "form": form,
        "problems": services.response_problems(response),
        "last_return": response.reviews.filter(action="returned").last(),
        "page_title": _("Proyectar respuesta")}, status=400 if form.errors else 200)


@policy_required(policy.can_edit_response)
@require_POST
def response_submit(request, response_id: int):
    response = selectors.response_get_for(request.user, response_id=response_id)
    try:
        services.response_submit(response=response, actor=request.user)
        messages.success(request, _("Respuesta enviada a revisión."))
    except ValidationError as exc:
        _errors(request, exc)
    return _to_case(response.case_id)


@policy_required(policy.can_review)
@require_http_methods(["GET", "POST"])
def response_review(request, response_id: int):
    response = selectors.response_get_for(request.user, response_id=response_id)
    form = forms.ReturnForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                services.response_approve(response=response, actor=request.user)
                messages.success(request, _("Respuesta aprobada."))
                return _to_case(response.case_id)
            if form.is_valid():
                services.response_return(response=response, actor=request.user,
                                         comment=form.cleaned_data["comment"])
                messages.success(request, _("Respuesta devuelta con observaciones."))
                return _to_case(response.case_id)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "responses/review.html", {
        "response": response, "case": response.case, "form": form,
        "problems": services.response_problems(response),
        "evidence": response.evidence.all(),
        # Separation of duties: whoever wrote the draft may return it, not approve it.
        "can_approve": policy.can_approve(request.user, response),
        "page_title": _("Revisar respuesta")}, status=400 if form.errors else 200)


@policy_required(policy.can_view_responses)
def response_versions(request, response_id: int):
    response = selectors.response_get_for(request.user, response_id=response_id)
    return render(request, "responses/versions.html", {
        "response": response, "case": response.case,
        "versions": response.versions.select_related("author").order_by("-number"),
        "reviews": response.reviews.select_related("actor"),
        "page_title": _("Versiones de la respuesta")})


@policy_required(policy.can_issue)
@require_POST
def response_issue(request, response_id: int):
    response = selectors.response_get_for(request.user, response_id=response_id)
    if not confirmed(request):
        messages.error(request, _("La respuesta no se emitió: marque la casilla de confirmación "
                                  "(emitir le asigna radicado de salida y no se puede deshacer)."))
        return _to_case(response.case_id)
    try:
        letter = services.response_issue(response=response, actor=request.user)
        messages.success(request, _("Respuesta emitida con radicado %(r)s.")
                         % {"r": letter.outgoing_radicado})
    except ValidationError as exc:
        _errors(request, exc)
    return _to_case(response.case_id)


@policy_required(policy.can_view_responses)
def letter_pdf(request, letter_id: int):
    letter = selectors.letter_get_for(request.user, letter_id=letter_id)
    data_access_record(kind=DataAccess.Kind.LETTER, request=request,
                       case_id=letter.attachment.case_id, record=letter)
    return FileResponse(letter.attachment.file.open("rb"), as_attachment=False,
                        filename=safe_filename(letter.attachment.original_name, "application/pdf"),
                        content_type="application/pdf")


NOTIFY_ACTIONS = {
    "electronica": services.notification_send_electronic,
    "citacion": services.notification_send_citation,
    "aviso": services.notification_send_aviso,
    "publicacion": services.notification_publish,
}
# Steps that cannot be undone: the form carries a confirmation box.
CONFIRM_NOTIFY = {"publicacion"}
# What each notification step did, said to whoever clicked it.
NOTIFY_DONE = {
    "electronica": _lazy("Correo de notificación de %(r)s puesto en cola de envío."),
    "citacion": _lazy("Citación de %(r)s generada: registre la guía de su envío; los cinco días "
                      "hábiles para comparecer corren desde el despacho."),
    "aviso": _lazy("Aviso de %(r)s generado para su envío."),
    "publicacion": _lazy("Aviso de %(r)s publicado en el portal por cinco días hábiles."),
}


@policy_required(policy.can_notify)
@require_POST
def notification_action(request, notification_id: int, action: str):
    notification = selectors.notification_get_for(request.user, notification_id=notification_id)
    service = NOTIFY_ACTIONS.get(action)
    if service is None:
        raise Http404
    if action in CONFIRM_NOTIFY and not confirmed(request):
        messages.error(request, _("No se publicó el aviso: marque la casilla de confirmación "
                                  "(publicar declara desconocida la dirección y no se puede "
                                  "deshacer)."))
        return _to_case(notification.letter.case_id)
    try:
        service(notification=notification, actor=request.user)
        messages.success(request, NOTIFY_DONE[action] % {
            "r": notification.letter.outgoing_radicado})
    except ValidationError as exc:
        _errors(request, exc)
    return _to_case(notification.letter.case_id)


@policy_required(policy.can_notify)
@require_http_methods(["GET", "POST"])
def notification_appearance(request, notification_id: int):
    notification = selectors.notification_get_for(request.user, notification_id=notification_id)
    form = forms.AppearanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_record_appearance(notification=notification,
                                                    actor=request.user, **form.cleaned_data)
            messages.success(request, _("Notificación personal registrada."))
            return _to_case(notification.letter.case_id)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "responses/form_page.html", {
        "form": form, "case": notification.letter.case,
        "page_title": _("Registrar notificación personal"),
        "intro": _("El usuario o su representante se presentó y recibió copia íntegra y gratuita "
                   "de la respuesta %(r)s.") % {"r": notification.letter.outgoing_radicado},
        "submit_label": _("Registrar notificación")}, status=400 if form.errors else 200)


@policy_required(policy.can_notify)
@require_http_methods(["GET", "POST"])
def citation_dispatch(request, notification_id: int):
    """The citation's own postal step: the courier's guide and the dispatch instant."""
    notification = selectors.notification_get_for(request.user, notification_id=notification_id)
    form = forms.CitationDispatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_citation_dispatch(notification=notification,
                                                    actor=request.user, **form.cleaned_data)
            messages.success(request, _("Guía de la citación registrada: el usuario tiene "
                                        "cinco días hábiles para comparecer."))
            return _to_case(notification.letter.case_id)
        except ValidationError as exc:
            _form_errors(form, exc)
    citation = services.citation_letter(notification)
    return render(request, "responses/form_page.html", {
        "form": form, "case": notification.letter.case,
        "page_title": _("Registrar guía de la citación"),
        "intro": _("Citación %(c)s para notificar personalmente la respuesta %(r)s.") % {
            "c": citation.outgoing_radicado if citation else "—",
            "r": notification.letter.outgoing_radicado},
        "submit_label": _("Registrar guía")}, status=400 if form.errors else 200)


@policy_required(policy.can_notify)
@require_http_methods(["GET", "POST"])
def notification_aviso_delivery(request, notification_id: int):
    notification = selectors.notification_get_for(request.user, notification_id=notification_id)
    form = forms.AvisoDeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_record_aviso_delivery(
                notification=notification, actor=request.user,
                delivered_at=form.cleaned_data["delivered_at"])
            messages.success(request, _("Entrega del aviso registrada."))
            return _to_case(notification.letter.case_id)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "responses/form_page.html", {
        "form": form, "case": notification.letter.case,
        "page_title": _("Registrar entrega del aviso"),
        "intro": _("La notificación se surte al finalizar el día siguiente a la entrega."),
        "submit_label": _("Registrar entrega")}, status=400 if form.errors else 200)


@policy_required(policy.can_file_recurso)
@require_http_methods(["GET", "POST"])
def recurso_new(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    form = forms.RecursoForm(request.POST or None, request.FILES or None)
    window = services.recurso_window(case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recurso = services.recurso_file(
                decision_case=case, actor=request.user, kind=data["kind"],
                description=data["description"], paid_undisputed=data["paid_undisputed"],
                attachments=[data["attachment"]] if data.get("attachment") else [])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if recurso.in_window:
                messages.success(request, _("Recurso radicado con el número %(r)s.")
                                 % {"r": recurso.case.radicado})
            else:
                messages.warning(request, _("Recurso %(r)s radicado fuera de término: se "
                                            "proyectó su rechazo.") % {"r": recurso.case.radicado})
            return _to_case(recurso.case_id)
    return render(request, "responses/recurso_new.html", {
        "case": case, "form": form, "window": window,
        "page_title": _("Registrar recurso")}, status=400 if form.errors else 200)


@policy_required(policy.can_view_responses)
@require_http_methods(["GET", "POST"])
def remission_detail(request, remission_id: int):
    remission = selectors.remission_get_for(request.user, remission_id=remission_id)
    action = request.POST.get("action", "")
    sent = forms.RemissionSentForm(request.POST if action == "sent" else None)
    decision = forms.RemissionDecisionForm(request.POST if action == "decision" else None)
    complied = forms.ComplianceForm(request.POST if action == "complied" else None)
    if request.method == "POST":
        if not policy.can_manage_sspd(request.user, remission):
            raise PermissionDenied
        try:
            done = _remission_act(request, remission, action, sent, decision, complied)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, done)
            return redirect("responses:remission", remission_id=remission.pk)
    return render(request, "responses/remission.html", {
        "remission": remission, "case": remission.recurso.case, "sent_form": sent,
        "decision_form": decision, "compliance_form": complied,
        "next_step": services.remission_next_step(remission),
        "page_title": _("Traslado a la SSPD")}, status=400 if request.method == "POST" else 200)


def _remission_act(request, remission, action, sent, decision, complied) -> str:
    """Record the step `action` of the traslado; return what happened, in words."""
    step = services.remission_next_step(remission)
    # The expediente may be generated again until it is sent.
    if action != step and not (action == "build" and step == "sent"):
        if step == "building":
            raise ValidationError(_("El expediente se está generando: espere a que esté "
                                    "listo."))
        raise ValidationError(_("Ese paso no corresponde ahora: recargue la página y siga el "
                                "paso que se muestra."))
    actor = request.user
    if action == "build":
        # The citizens' PDFs are read off the request (Celery); the page shows the progress.
        services.remission_request_expediente(remission=remission, actor=actor)
        return _("Expediente en preparación: esta página muestra cuándo esté listo.")
    if action == "sent" and sent.is_valid():
        services.remission_record_sent(remission=remission, actor=actor, sent_at=sent.cleaned_data[
            "sent_at"], sspd_radicado=sent.cleaned_data["sspd_radicado"])
        return _("Envío a la SSPD registrado; el término de traslado quedó cumplido.")
    if action == "decision" and decision.is_valid():
        data = {k: v for k, v in decision.cleaned_data.items() if k != "confirm"}
        services.remission_record_decision(remission=remission, actor=actor, **data)
        return _("Decisión de la SSPD registrada: %(d)s.") % {
            "d": AnswerKind(data["decision"]).label}
    if action == "complied" and complied.is_valid():
        services.remission_record_compliance(
            remission=remission, actor=actor, complied_at=complied.cleaned_data["complied_at"],
            note=complied.cleaned_data["note"])
        return _("Cumplimiento de la decisión de la SSPD registrado. El traslado terminó.")
    raise ValidationError(_("Revise los datos del formulario."))


@policy_required(policy.can_view_responses)
def remission_pdf(request, remission_id: int):
    remission = selectors.remission_get_for(request.user, remission_id=remission_id)
    if remission.expediente is None:
        raise Http404
    data_access_record(kind=DataAccess.Kind.DOSSIER, request=request,
                       case_id=remission.expediente.case_id, record=remission)
    return FileResponse(remission.expediente.file.open("rb"), as_attachment=True,
                        filename=safe_filename(remission.expediente.original_name, "application/pdf"),
                        content_type="application/pdf")


@policy_required(policy.can_manage_legal)
@require_http_methods(["GET", "POST"])
def tutela(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    record = TutelaRecord.objects.filter(case=case).first()
    action = request.POST.get("action", "")
    order = forms.TutelaOrderForm(request.POST if action == "order" else None, initial={
        "deadline_at": case.hand_deadline_at, "court": record.court if record else "",
        "order_summary": record.order_summary if record else ""})
    answer = forms.TutelaAnswerForm(request.POST if action == "answer" else None)
    ruling = forms.TutelaRulingForm(request.POST if action == "ruling" else None)
    complied = forms.ComplianceForm(request.POST if action == "complied" else None)
    if request.method == "POST":
        try:
            if action == "order" and order.is_valid():
                services.tutela_record_order(case=case, actor=request.user, **order.cleaned_data)
            elif record and action == "answer" and answer.is_valid():
                services.tutela_record_answer_filed(record=record, actor=request.user,
                                                    at=answer.cleaned_data["answered_at"])
            elif record and action == "ruling" and ruling.is_valid():
                services.tutela_record_ruling(record=record, actor=request.user,
                                              **ruling.cleaned_data)
            elif record and action == "complied" and complied.is_valid():
                services.tutela_record_compliance(record=record, actor=request.user,
                                                  at=complied.cleaned_data["complied_at"],
                                                  note=complied.cleaned_data["note"])
            else:
                raise ValidationError(_("Revise los datos del formulario."))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, {
                "order": _("Orden del juez registrada con su plazo."),
                "answer": _("Contestación de la tutela registrada."),
                "ruling": _("Fallo de la tutela registrado."),
                "complied": _("Cumplimiento del fallo registrado."),
            }[action])
            return redirect("responses:tutela", case_id=case.pk)
    return render(request, "responses/tutela.html", {
        "case": case, "record": record, "order_form": order, "answer_form": answer,
        "ruling_form": ruling, "compliance_form": complied, "page_title": _("Tutela")})


@policy_required(policy.can_manage_legal)
@require_http_methods(["GET", "POST"])
def sap(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    recognition = SapRecognition.objects.filter(case=case, outcome="").first()
    form = forms.SapOutcomeForm(request.POST if request.POST.get("action") == "outcome" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "open":
                services.sap_open(case=case, actor=request.user)
            elif recognition and form.is_valid():
                services.sap_record_outcome(recognition=recognition, actor=request.user,
                                            **form.cleaned_data)
            else:
                raise ValidationError(_("Revise los datos del formulario."))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Reconocimiento del silencio positivo abierto.")
                             if request.POST.get("action") == "open"
                             else _("Resultado del silencio positivo registrado."))
            return redirect("responses:sap", case_id=case.pk)
    return render(request, "responses/sap.html", {
        "case": case, "recognition": recognition, "form": form,
        "history": case.sap_recognitions.all(), "page_title": _("Silencio positivo")})
