"""
Pages of the Act step: the register of non-conformities, their treatment
(analysis, actions, retraining, verification, closure), "Mis acciones" and the
training history. Cases and visits are looked up by model name (apps.get_model):
compliance imports no other domain app.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caserecord.models import DataAccess
from caserecord.services import data_access_record, record_history
from caserecord.transitions import TransitionNotAllowed
from compliance import policy, services
from compliance.forms_quality import (
    ActionForm,
    ActionWorkForm,
    AnalysisForm,
    NcFilterForm,
    NcLinkForm,
    NcOpenForm,
    StatusForm,
    TrainingDoneForm,
    TrainingForm,
    VerifyForm,
)
from compliance.models import CorrectiveAction, NonConformity, Training
from compliance.services.actions import ACTION_TABLE
from compliance.services.nonconformities import NONCONFORMITY_TABLE
from compliance.views import _service_errors
from pqr_portal.access import policy_required, roles_for
from pqr_portal.params import id_or_none

T = "compliance/quality/"


def _nc(nc_id: int) -> NonConformity:
    return get_object_or_404(NonConformity.objects.select_related(
        "case", "person", "responsible", "verified_by", "closed_by", "term"), pk=nc_id)


def _run(form, call) -> bool:
    """Call a service; put its refusal on the form. True when it went through."""
    try:
        call()
    except ValidationError as exc:
        _service_errors(form, exc)
        return False
    except TransitionNotAllowed:
        raise PermissionDenied from None
    return True


def _page(request, template, ctx, form=None):
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, T + template, ctx, status=status)


@policy_required(policy.can_view_nonconformities)
def nc_list(request):
    form = NcFilterForm(request.GET or None)
    ncs = NonConformity.objects.select_related("case", "responsible", "person")
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status", "")
    if status == "":
        ncs = ncs.exclude(status__in=[NonConformity.Status.CERRADA, NonConformity.Status.ANULADA])
    elif status != "todas":
        ncs = ncs.filter(status=status)
    for field in ("origin", "severity"):
        if data.get(field):
            ncs = ncs.filter(**{field: data[field]})
    q = (data.get("q") or "").strip()
    if q:
        number = q.upper().removeprefix("NC-").lstrip("0")
        cond = (Q(description__icontains=q) | Q(case__radicado__icontains=q)
                | Q(pk__in=NonConformity.cases.through.objects.filter(
                    case__radicado__icontains=q).values("nonconformity_id")))
        if (pk := id_or_none(number)) is not None:
            cond |= Q(pk=pk)
        ncs = ncs.filter(cond)
    page = Paginator(ncs.order_by("-detected_at", "-pk"), 25).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return _page(request, "nc_list.html", {
        "page_title": _("No conformidades"), "form": form, "page": page, "query": query,
        "can_open": policy.can_open_nonconformity(request.user), "today": timezone.localdate()})


def _case_id_for(radicado: str) -> int | None:
    Case = apps.get_model("intake", "Case")
    return Case.objects.filter(radicado=radicado.strip()).values_list("pk", flat=True).first()


@policy_required(policy.can_open_nonconformity)
def nc_new(request):
    form = NcOpenForm(request.POST or None, initial={"case_radicado": request.GET.get("radicado", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        case_id = None
        if d["case_radicado"]:
            case_id = _case_id_for(d["case_radicado"])
            if case_id is None:
                form.add_error("case_radicado", _("No hay un caso con ese radicado."))
        if d["visit_id"] and not apps.get_model("field_visits", "Visit").objects.filter(
                pk=d["visit_id"]).exists():
            form.add_error("visit_id", _("No hay una visita con ese número."))
        if not form.errors:
            holder = {}
            if _run(form, lambda: holder.update(nc=services.nonconformity_open(
                    actor=request.user, kind=d["kind"], origin=d["origin"],
                    severity=d["severity"], description=d["description"], case_id=case_id,
                    visit_id=d["visit_id"], person=d["person"], responsible=d["responsible"],
                    due_date=d["due_date"]))):
                messages.success(request, _("No conformidad %(code)s registrada.")
                                 % {"code": holder["nc"].code})
                return redirect(holder["nc"])
    return _page(request, "nc_new.html", {"page_title": _("Registrar una no conformidad"),
                                          "form": form}, form)


@policy_required(policy.can_view_nonconformities)
def nc_detail(request, nc_id: int):
    nc = _nc(nc_id)
    user = request.user
    can_treat = policy.can_treat_nonconformity(user, nc) and nc.status in (
        NonConformity.Status.ABIERTA, NonConformity.Status.EN_TRATAMIENTO)
    can_close = policy.can_close_nonconformity(user, nc)
    targets = [t for t in NONCONFORMITY_TABLE.allowed_targets(nc.status, roles_for(user))
               if can_close or t not in (NonConformity.Status.CERRADA, NonConformity.Status.ANULADA)]
    if not policy.can_treat_nonconformity(user, nc):
        targets = []
    status_form = StatusForm()
    status_form.fields["status"].choices = [(t, NonConformity.Status(t).label) for t in targets]
    return render(request, T + "nc_detail.html", {
        "page_title": _("No conformidad %(code)s") % {"code": nc.code}, "nc": nc,
        "actions": nc.actions.select_related("owner"),
        "trainings": nc.trainings.select_related("person"),
        "support_requests": nc.support_requests.all(),
        "history": record_history(nc), "can_treat": can_treat, "can_close": can_close,
        "concerned": services.concerned(nc),
        "link_form": NcLinkForm() if can_treat else None,
        "can_train": policy.can_manage_trainings(user) and can_treat,
        "can_request": policy.can_manage_support_requests(user),
        "blockers": services.closure_blockers(nc) if nc.is_open else [],
        "status_form": status_form if targets else None,
        "verify_form": VerifyForm(initial={"verified_on": timezone.localdate()})
        if can_close and nc.status == NonConformity.Status.EN_VERIFICACION else None,
        "today": timezone.localdate()})


def _treatable(request, nc_id):
    nc = _nc(nc_id)
    if not policy.can_treat_nonconformity(request.user, nc):
        raise PermissionDenied
    return nc


@policy_required(policy.can_treat_nonconformity)
def nc_analysis(request, nc_id: int):
    nc = _treatable(request, nc_id)
    whys = {f"why_{i}": w for i, w in enumerate(nc.whys or [], start=1)}
    initial = {"method": nc.analysis_method or NonConformity.Method.CINCO_PORQUES,
               "root_cause": nc.root_cause, "severity": nc.severity, "due_date": nc.due_date,
               "responsible": nc.responsible_id or request.user.pk, **whys}
    form = AnalysisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.nonconformity_analyse(
                nonconformity=nc, actor=request.user, method=d["method"],
                whys=[d[f"why_{i}"] for i in range(1, 6)], root_cause=d["root_cause"],
                responsible=d["responsible"], due_date=d["due_date"], severity=d["severity"])):
            messages.success(request, _("Análisis de causa raíz guardado."))
            return redirect(nc)
    return _page(request, "nc_form.html", {"page_title": _("Análisis de causa raíz"), "nc": nc,
                                           "form": form, "submit": _("Guardar análisis")}, form)


@policy_required(policy.can_treat_nonconformity)
@require_POST
def nc_links(request, nc_id: int):
    """Add or remove a case, visit or person concerned (compliance.services.nc_links)."""
    nc = _treatable(request, nc_id)
    what, op = request.POST.get("what", ""), request.POST.get("op", "add")
    form = NcLinkForm(request.POST)
    if what not in ("case", "visit", "person") or not form.is_valid():
        messages.error(request, _("Revise los datos del formulario."))
        return redirect(nc.get_absolute_url() + "#involucrados")
    d = form.cleaned_data
    if op == "remove":
        target_id = request.POST.get("target_id", "")
        target_id = int(target_id) if target_id.isdigit() else 0
    elif what == "case":
        target_id = _case_id_for(d["case_radicado"] or "") or 0
    elif what == "visit":
        target_id = d["visit_id"] or 0
    else:
        target_id = d["person"].pk if d["person"] else 0
    call = services.nonconformity_unlink if op == "remove" else services.nonconformity_link
    try:
        call(nonconformity=nc, actor=request.user, what=what, target_id=target_id,
             note=d["note"])
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Involucrado quitado.") if op == "remove"
                         else _("Involucrado agregado."))
    return redirect(nc.get_absolute_url() + "#involucrados")


@policy_required(policy.can_treat_nonconformity)
def action_new(request, nc_id: int):
    nc = _treatable(request, nc_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.action_add(nonconformity=nc, actor=request.user,
                                                  description=d["description"], owner=d["owner"],
                                                  due_date=d["due_date"])):
            messages.success(request, _("Acción correctiva agregada."))
            return redirect(nc)
    return _page(request, "nc_form.html", {"page_title": _("Nueva acción correctiva"), "nc": nc,
                                           "form": form, "submit": _("Agregar acción")}, form)


@policy_required(policy.can_work_action)
def action_work(request, action_id: int):
    action = get_object_or_404(CorrectiveAction.objects.select_related("nonconformity", "owner"),
                               pk=action_id)
    if not policy.can_work_action(request.user, action):
        raise PermissionDenied
    targets = ACTION_TABLE.allowed_targets(action.status, roles_for(request.user))
    form = ActionWorkForm(request.POST or None, request.FILES or None)
    form.fields["status"].choices = [(t, CorrectiveAction.Status(t).label) for t in targets]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.action_set_status(
                action=action, status=d["status"], actor=request.user, note=d["note"],
                evidence=d["evidence"])):
            messages.success(request, _("Acción actualizada."))
            if policy.can_view_nonconformities(request.user):
                return redirect(action.nonconformity)
            return redirect("compliance:my-actions")
    return _page(request, "action_work.html", {
        "page_title": _("Acción correctiva"), "action": action, "nc": action.nonconformity,
        "form": form if targets else None}, form)


@policy_required(policy.can_view_my_actions)
def action_evidence(request, action_id: int):
    action = get_object_or_404(CorrectiveAction, pk=action_id)
    if not (policy.can_view_nonconformities(request.user)
            or policy.can_work_action(request.user, action)) or not action.evidence:
        raise Http404
    data_access_record(kind=DataAccess.Kind.EVIDENCE, request=request, record=action)
    return FileResponse(action.evidence.open("rb"), as_attachment=True,
                        filename=action.evidence.name.rsplit("/", 1)[-1])


@policy_required(policy.can_treat_nonconformity)
@require_POST
def nc_status(request, nc_id: int):
    nc = _treatable(request, nc_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.nonconformity_set_status(
                nonconformity=nc, status=d["status"], actor=request.user, note=d["note"])):
            messages.success(request, _("No conformidad: %(s)s.")
                             % {"s": NonConformity.Status(d["status"]).label})
            return redirect(nc)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(nc)


@policy_required(policy.can_close_nonconformity)
def nc_verify(request, nc_id: int):
    nc = _nc(nc_id)
    form = VerifyForm(request.POST or None, initial={"verified_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.nonconformity_verify(
                nonconformity=nc, actor=request.user, verified_on=d["verified_on"],
                result=d["result"], note=d["note"])):
            messages.success(request, _("Verificación de eficacia registrada."))
            return redirect(nc)
    return _page(request, "nc_form.html", {"page_title": _("Verificar la eficacia"), "nc": nc,
                                           "form": form, "submit": _("Registrar verificación")},
                 form)


@policy_required(policy.can_manage_trainings)
def training_new(request, nc_id: int):
    nc = _nc(nc_id)
    form = TrainingForm(request.POST or None, initial={"person": nc.person_id})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.training_schedule(
                actor=request.user, person=d["person"], topic=d["topic"],
                planned_on=d["planned_on"], duration_hours=d["duration_hours"],
                trainer=d["trainer"], nonconformity=nc)):
            messages.success(request, _("Reentrenamiento programado."))
            return redirect(nc)
    return _page(request, "nc_form.html", {"page_title": _("Programar reentrenamiento"),
                                           "nc": nc, "form": form,
                                           "submit": _("Programar")}, form)


@policy_required(policy.can_manage_trainings)
def training_record(request, training_id: int):
    training = get_object_or_404(Training.objects.select_related("person", "nonconformity"),
                                 pk=training_id)
    form = TrainingDoneForm(request.POST or None, request.FILES or None,
                            initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.training_set_status(
                training=training, status=d["status"], actor=request.user, held_on=d["held_on"],
                evidence=d["evidence"], note=d["note"])):
            messages.success(request, _("Capacitación actualizada."))
            return redirect(training.nonconformity or "compliance:training-list")
    return _page(request, "nc_form.html", {
        "page_title": _("Capacitación: %(topic)s") % {"topic": training.topic},
        "nc": training.nonconformity, "form": form, "multipart": True,
        "submit": _("Guardar")}, form)


@policy_required(policy.can_view_trainings)
def training_evidence(request, training_id: int):
    training = get_object_or_404(Training, pk=training_id)
    if not training.evidence:
        raise Http404
    data_access_record(kind=DataAccess.Kind.EVIDENCE, request=request, record=training)
    return FileResponse(training.evidence.open("rb"), as_attachment=True,
                        filename=training.evidence.name.rsplit("/", 1)[-1])


@policy_required(policy.can_view_trainings)
def training_list(request):
    """Each person's training history (filter by person or topic)."""
    q = request.GET.get("q", "").strip()
    trainings = Training.objects.select_related("person", "nonconformity")
    if q:
        trainings = trainings.filter(Q(topic__icontains=q) | Q(person__first_name__icontains=q)
                                     | Q(person__last_name__icontains=q)
                                     | Q(person__username__icontains=q))
    page = Paginator(trainings, 25).get_page(request.GET.get("page"))
    return render(request, T + "training_list.html", {
        "page_title": _("Capacitaciones"), "page": page, "q": q,
        "query": urlencode({"q": q}) if q else ""})


@policy_required(policy.can_view_my_actions)
def my_actions(request):
    """The corrective actions and retraining assigned to me, open first."""
    mine = CorrectiveAction.objects.filter(owner=request.user).select_related("nonconformity")
    open_ = mine.filter(status__in=[CorrectiveAction.Status.PENDIENTE,
                                    CorrectiveAction.Status.EN_CURSO])
    return render(request, T + "my_actions.html", {
        "page_title": _("Mis acciones de calidad"), "open_actions": open_,
        "done_actions": mine.exclude(pk__in=open_.values("pk"))[:20],
        "trainings": Training.objects.filter(person=request.user)[:20],
        "responsible_for": NonConformity.objects.filter(responsible=request.user).exclude(
            status__in=[NonConformity.Status.CERRADA, NonConformity.Status.ANULADA]),
        "today": timezone.localdate(),
        "can_view_ncs": policy.can_view_nonconformities(request.user)})
