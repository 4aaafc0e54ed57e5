"""Pages of the service plan (Plan) and of the requests to the support processes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caserecord.services import record_history
from compliance import policy, services
from compliance.forms_quality import (
    ActivityFormSet,
    DecisionForm,
    IndicatorFormSet,
    PlanForm,
    ResourceFormSet,
    SupportMoveForm,
    SupportRequestForm,
)
from compliance.models import InspectionAnswer, NonConformity, ServicePlan, SupportRequest
from compliance.services.support import SUPPORT_TABLE
from compliance.views_qhse import inspection_queryset_for
from compliance.views_quality import _page, _run
from pqr_portal.access import policy_required, roles_for
from pqr_portal.params import id_or_none

T = "compliance/quality/"


@policy_required(policy.can_view_plans)
def plan_list(request):
    page = Paginator(ServicePlan.objects.all(), 25).get_page(request.GET.get("page"))
    return render(request, T + "plan_list.html", {
        "page_title": _("Plan de servicio"), "page": page, "query": "",
        "can_draft": policy.can_draft_plan(request.user)})


@policy_required(policy.can_draft_plan)
def plan_new(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        holder = {}
        if _run(form, lambda: holder.update(p=services.plan_create(
                actor=request.user, period_kind=d["period_kind"], period_start=d["period_start"],
                objective=d["objective"]))):
            messages.success(request, _("Plan creado: agregue indicadores, recursos y actividades."))
            return redirect("compliance:plan-edit", plan_id=holder["p"].pk)
    return _page(request, "nc_form.html", {"page_title": _("Nuevo plan de servicio"),
                                           "form": form, "submit": _("Crear plan")}, form)


@policy_required(policy.can_view_plans)
def plan_detail(request, plan_id: int):
    plan = get_object_or_404(ServicePlan, pk=plan_id)
    return render(request, T + "plan_detail.html", {
        "page_title": _("Plan de servicio %(p)s") % {"p": plan}, "plan": plan,
        "indicators": plan.indicators.select_related("responsible"),
        "resources": plan.resources.all(), "activities": plan.activities.select_related(
            "responsible"), "history": record_history(plan),
        "can_draft": policy.can_draft_plan(request.user),
        "decision_form": DecisionForm() if policy.can_approve_plan(request.user)
        and plan.status == ServicePlan.Status.ENVIADO else None})


def _rows(formset, fields):
    return [{f: form.cleaned_data[f] for f in fields} for form in formset
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]


@policy_required(policy.can_draft_plan)
def plan_edit(request, plan_id: int):
    plan = get_object_or_404(ServicePlan, pk=plan_id)
    if not plan.editable:
        messages.info(request, _("Este plan ya no se edita: abra una nueva versión."))
        return redirect(plan)
    post = request.POST if request.method == "POST" else None
    ind = IndicatorFormSet(post, prefix="ind", initial=[
        {"code": i.code, "name": i.name, "formula": i.formula, "target": i.target,
         "unit": i.unit, "responsible": i.responsible_id} for i in plan.indicators.all()])
    res = ResourceFormSet(post, prefix="res", initial=[
        {"kind": r.kind, "description": r.description, "quantity": r.quantity}
        for r in plan.resources.all()])
    act = ActivityFormSet(post, prefix="act", initial=[
        {"description": a.description, "due_date": a.due_date, "responsible": a.responsible_id}
        for a in plan.activities.all()])
    objective = request.POST.get("objective", plan.objective) if post else plan.objective
    error = ""
    if post is not None and ind.is_valid() and res.is_valid() and act.is_valid():
        try:
            services.plan_save(
                plan=plan, actor=request.user, objective=objective,
                indicators=_rows(ind, ("code", "name", "formula", "target", "unit",
                                       "responsible")),
                resources=_rows(res, ("kind", "description", "quantity")),
                activities=_rows(act, ("description", "due_date", "responsible")))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Plan guardado."))
            return redirect(plan)
    invalid = post is not None
    return render(request, T + "plan_edit.html", {
        "page_title": _("Editar el plan %(p)s") % {"p": plan}, "plan": plan,
        "formsets": [(_("Indicadores"), ind), (_("Recursos"), res), (_("Actividades"), act)],
        "objective": objective, "error": error}, status=400 if invalid else 200)


def _plan_action(request, plan_id, call, done):
    plan = get_object_or_404(ServicePlan, pk=plan_id)
    try:
        result = call(plan)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect(plan)
    messages.success(request, done)
    return redirect(result)


@policy_required(policy.can_draft_plan)
@require_POST
def plan_submit(request, plan_id: int):
    return _plan_action(request, plan_id, lambda p: services.plan_submit(plan=p, actor=request.user),
                        _("Plan enviado a aprobación de gerencia."))


@policy_required(policy.can_draft_plan)
@require_POST
def plan_new_version(request, plan_id: int):
    return _plan_action(request, plan_id,
                        lambda p: services.plan_new_version(plan=p, actor=request.user),
                        _("Nueva versión en borrador."))


@policy_required(policy.can_approve_plan)
def plan_decide(request, plan_id: int):
    plan = get_object_or_404(ServicePlan, pk=plan_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.plan_decide(plan=plan, actor=request.user,
                                                   approve=d["decision"] == "aprobar",
                                                   observations=d["observations"])):
            messages.success(request, _("Decisión registrada."))
            return redirect(plan)
    return _page(request, "nc_form.html", {"page_title": _("Aprobar el plan %(p)s") % {"p": plan},
                                           "form": form, "submit": _("Registrar decisión")}, form)


# --- requests to the support processes ------------------------------------------------------

@policy_required(policy.can_view_support_requests)
def support_list(request):
    requests = SupportRequest.objects.select_related("owner", "nonconformity")
    status = request.GET.get("estado", "abiertas")
    if status == "abiertas":
        requests = requests.filter(status__in=[SupportRequest.Status.ABIERTA,
                                               SupportRequest.Status.ENVIADA,
                                               SupportRequest.Status.RESPONDIDA])
    elif status in SupportRequest.Status.values:
        requests = requests.filter(status=status)
    kind = request.GET.get("tipo", "")
    if kind in SupportRequest.Kind.values:
        requests = requests.filter(kind=kind)
    page = Paginator(requests, 25).get_page(request.GET.get("page"))
    return render(request, T + "support_list.html", {
        "page_title": _("Solicitudes a procesos de apoyo"), "page": page, "status": status,
        "kind": kind, "statuses": SupportRequest.Status.choices,
        "kinds": SupportRequest.Kind.choices, "query": f"estado={status}&tipo={kind}",
        "can_manage": policy.can_manage_support_requests(request.user)})


@policy_required(policy.can_manage_support_requests)
def support_new(request):
    """A request by hand, or from a non-conformity (?nc=) or an inspection (?inspection=)."""
    nc_id = request.GET.get("nc") or request.POST.get("nonconformity_id")
    nc_id = id_or_none(nc_id)
    nc = NonConformity.objects.filter(pk=nc_id).first() if nc_id is not None else None
    insp_id = id_or_none(request.GET.get("inspection") or request.POST.get("inspection_id"))
    inspection = (inspection_queryset_for(request.user).filter(pk=insp_id).first()
                  if insp_id is not None else None)
    initial = {"nonconformity_id": nc.pk if nc else None,
               "inspection_id": inspection.pk if inspection else None}
    if inspection is not None:
        failed = [a.item.text for a in inspection.answers.select_related("item")
                  .filter(result=InspectionAnswer.Result.NO_CUMPLE)]
        initial["description"] = _("Origen: inspección %(id)s «%(name)s» del %(day)s.") % {
            "id": inspection.pk, "name": inspection.template.name,
            "day": timezone.localtime(inspection.performed_at).strftime("%d/%m/%Y")} + (
            "\n" + _("Puntos que no cumplen: %(items)s.") % {"items": "; ".join(failed)}
            if failed else "")
    form = SupportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.support_request_open(
                actor=request.user, kind=d["kind"], description=d["description"],
                owner=d["owner"], due_date=d["due_date"], nonconformity=nc,
                inspection=inspection)):
            messages.success(request, _("Solicitud registrada."))
            if inspection is not None and nc is None:
                return redirect("compliance:inspection-detail", inspection_id=inspection.pk)
            return redirect(nc or "compliance:support-list")
    return _page(request, "nc_form.html", {"page_title": _("Nueva solicitud a proceso de apoyo"),
                                           "form": form, "nc": nc, "inspection": inspection,
                                           "submit": _("Registrar solicitud")}, form)


@policy_required(policy.can_view_support_requests)
def support_detail(request, request_id: int):
    item = get_object_or_404(SupportRequest.objects.select_related("owner", "nonconformity",
                                                                   "inspection__template"),
                             pk=request_id)
    targets = SUPPORT_TABLE.allowed_targets(item.status, roles_for(request.user))
    form = SupportMoveForm(request.POST or None)
    form.fields["status"].choices = [(t, SupportRequest.Status(t).label) for t in targets]
    if request.method == "POST":
        if not targets:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            if _run(form, lambda: services.support_request_move(
                    request=item, status=d["status"], actor=request.user, answer=d["answer"],
                    note=d["note"])):
                messages.success(request, _("Solicitud actualizada."))
                return redirect("compliance:support-detail", request_id=item.pk)
    return _page(request, "support_detail.html", {
        "page_title": str(item), "item": item, "history": record_history(item),
        "form": form if targets else None}, form)
