"""Staff pages of the acts that take a case off the clock (responses.services.acts)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intake.selectors import case_get_for
from pqr_portal.access import policy_required
from responses import forms_acts, policy, services
from responses.views import _form_errors

TEMPLATE = "responses/act_form.html"


def _page(request, case, form, *, title, intro, submit, status=200):
    return render(request, TEMPLATE, {"case": case, "form": form, "page_title": title,
                                      "intro": intro, "submit_label": submit}, status=status)


def _run(request, case, form, action, *, title, intro, submit, success):
    """Validate, call the service, report; the same shape for every act."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, success(result))
            return result
    status = 400 if request.method == "POST" else 200
    return _page(request, case, form, title=title, intro=intro, submit=submit, status=status)


@policy_required(policy.can_record_acts)
@require_http_methods(["GET", "POST"])
def requerimiento(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    form = forms_acts.RequerimientoForm(request.POST or None)
    result = _run(
        request, case, form,
        lambda d: services.requerimiento_send(case=case, actor=request.user,
                                              missing=d["missing"],
                                              communicated_at=d["communicated_at"]),
        title=_("Requerimiento para completar"),
        intro=_("Ley 1755 de 2015, art. 17: se envía dentro de los 10 días hábiles siguientes a "
                "la radicación; el término de respuesta se suspende y el peticionario tiene un "
                "mes para completar."),
        submit=_("Emitir el requerimiento"),
        success=lambda letter: _("Requerimiento %(r)s emitido.") % {"r": letter.outgoing_radicado})
    return result if hasattr(result, "status_code") else redirect(case)


@policy_required(policy.can_record_acts)
@require_http_methods(["GET", "POST"])
def completion(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    form = forms_acts.CompletionForm(request.POST or None, request.FILES or None)
    result = _run(
        request, case, form,
        lambda d: services.completion_record(case=case, actor=request.user,
                                             received_at=d["received_at"],
                                             document=d["document"], note=d["note"]),
        title=_("El peticionario completó la solicitud"),
        intro=_("El término de respuesta vuelve a correr desde el día siguiente."),
        submit=_("Registrar"),
        success=lambda term: _("Solicitud completada: el término vence el %(d)s.") % {
            "d": term.due_date.strftime("%d/%m/%Y")})
    return result if hasattr(result, "status_code") else redirect(case)


@policy_required(policy.can_record_acts)
@require_http_methods(["GET", "POST"])
def completion_extension(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    form = forms_acts.CompletionExtensionForm(request.POST or None, request.FILES or None)
    result = _run(
        request, case, form,
        lambda d: services.completion_extension_record(case=case, actor=request.user,
                                                       requested_at=d["requested_at"],
                                                       document=d["document"], note=d["note"]),
        title=_("Prórroga para completar la solicitud"),
        intro=_("Ley 1755 de 2015, art. 17: antes de que venza el mes, el peticionario puede "
                "pedir prórroga hasta por un mes más, una sola vez. El desistimiento tácito "
                "espera la nueva fecha."),
        submit=_("Registrar la prórroga"),
        success=lambda month: _("Prórroga registrada: el peticionario tiene hasta el %(d)s.") % {
            "d": month.due_date.strftime("%d/%m/%Y")})
    return result if hasattr(result, "status_code") else redirect(case)


@policy_required(policy.can_record_acts)
@require_http_methods(["GET", "POST"])
def desistimiento_tacito(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    form = forms_acts.DesistimientoTacitoForm(request.POST or None)
    result = _run(
        request, case, form,
        lambda d: services.desistimiento_tacito_draft(case=case, actor=request.user,
                                                      reasons=d["reasons"]),
        title=_("Desistimiento tácito"),
        intro=_("Vencido el mes sin respuesta al requerimiento, se proyecta el acto motivado: "
                "pasa a revisión, se emite y se notifica; admite reposición."),
        submit=_("Proyectar el acto"),
        success=lambda response: _("Acto de desistimiento tácito proyectado: revíselo y envíelo "
                                   "a revisión."))
    if hasattr(result, "status_code"):
        return result
    return redirect("responses:edit", response_id=result.pk)


@policy_required(policy.can_record_acts)
@require_http_methods(["GET", "POST"])
def desistimiento_expreso(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    form = forms_acts.DesistimientoExpresoForm(request.POST or None, request.FILES or None)
    result = _run(
        request, case, form,
        lambda d: services.desistimiento_expreso_record(case=case, actor=request.user,
                                                        document=d["document"], note=d["note"]),
        title=_("Desistimiento expreso"),
        intro=_("Adjunte el escrito firmado en que el peticionario desiste: se emite la "
                "constancia de archivo y el caso termina como desistido."),
        submit=_("Registrar el desistimiento"),
        success=lambda letter: _("Desistimiento registrado; constancia %(r)s.") % {
            "r": letter.outgoing_radicado})
    return result if hasattr(result, "status_code") else redirect(case)


@policy_required(policy.can_record_acts)
@require_http_methods(["GET", "POST"])
def traslado(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    form = forms_acts.TrasladoForm(request.POST or None)
    result = _run(
        request, case, form,
        lambda d: services.traslado_record(case=case, actor=request.user, **d),
        title=_("Traslado por competencia"),
        intro=_("Ley 1755 de 2015, art. 21: dentro de los 5 días hábiles siguientes a la "
                "recepción, oficio a la entidad competente y comunicación al peticionario."),
        submit=_("Emitir el oficio y trasladar"),
        success=lambda letters: _("Trasladado con el oficio %(o)s; comunicación %(c)s.") % {
            "o": letters[0].outgoing_radicado, "c": letters[1].outgoing_radicado})
    return result if hasattr(result, "status_code") else redirect(case)
