"""Pages of QHSE supervision (Check): checklists (versioned) and inspections, on a phone."""

from __future__ import annotations

from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caserecord.models import DataAccess
from caserecord.services import data_access_record, record_history
from compliance import policy, services
from compliance.forms_quality import ChecklistForm, InspectionForm
from compliance.models import ChecklistTemplate, Inspection, InspectionAnswer
from compliance.views_quality import _page, _run
from pqr_portal.access import holds_any, policy_required
from pqr_portal.roles import READ_ALL

T = "compliance/quality/"


def inspection_queryset_for(user):
    """Office roles read every inspection; a brigadista those they made or received."""
    inspections = Inspection.objects.select_related("template", "inspector", "person")
    if holds_any(user, READ_ALL):
        return inspections
    return inspections.filter(Q(inspector=user) | Q(person=user))


@policy_required(policy.can_inspect)
def checklist_list(request):
    templates = ChecklistTemplate.objects.filter(active=True).annotate(n=Count("items"))
    return render(request, T + "checklist_list.html", {
        "page_title": _("Listas de chequeo QHSE"), "templates": templates,
        "can_manage": policy.can_manage_checklists(request.user)})


def _checklist_form(request, template=None):
    initial = {}
    if template is not None:
        initial = {"name": template.name, "area": template.area, "subject": template.subject,
                   "items": "\n".join(("* " if i.critical else "") + i.text
                                      for i in template.items.all())}
    form = ChecklistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        items = d["items"]
        if template is not None:
            keys = {i.text: i.key for i in template.items.all()}  # an unchanged text keeps its key
            for item in items:
                item["key"] = keys.get(item["text"])
        holder = {}
        if _run(form, lambda: holder.update(t=services.checklist_save(
                actor=request.user, template=template, name=d["name"], area=d["area"],
                subject=d["subject"], items=items))):
            messages.success(request, _("Lista guardada (versión %(v)s).") % {"v": holder["t"].version})
            return redirect("compliance:checklist-list")
    return _page(request, "checklist_form.html", {
        "page_title": _("Editar lista de chequeo") if template else _("Nueva lista de chequeo"),
        "form": form, "template": template}, form)


@policy_required(policy.can_manage_checklists)
def checklist_new(request):
    return _checklist_form(request)


@policy_required(policy.can_manage_checklists)
def checklist_edit(request, checklist_id: int):
    template = get_object_or_404(ChecklistTemplate, pk=checklist_id, active=True)
    return _checklist_form(request, template)


@policy_required(policy.can_inspect)
def inspection_new(request, checklist_id: int):
    template = get_object_or_404(ChecklistTemplate, pk=checklist_id, active=True)
    initial = {"visit_id": request.GET.get("visita") or None}
    form = InspectionForm(request.POST or None, request.FILES or None, template=template,
                          initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["visit_id"] and not apps.get_model("field_visits", "Visit").objects.filter(
                pk=d["visit_id"]).exists():
            form.add_error("visit_id", _("No hay una visita con ese número."))
        else:
            holder = {}
            if _run(form, lambda: holder.update(i=services.inspection_record(
                    actor=request.user, template=template, answers=form.answers(request.FILES),
                    person=d["person"], team=d["team"], visit_id=d["visit_id"],
                    place=d["place"], note=d["note"]))):
                inspection = holder["i"]
                opened = inspection.answers.filter(nonconformity__isnull=False).count()
                messages.success(request, _("Inspección registrada.") if not opened else ngettext(
                    "Inspección registrada. Se abrió %(n)s no conformidad por un punto crítico "
                    "incumplido.", "Inspección registrada. Se abrieron %(n)s no conformidades "
                    "por puntos críticos incumplidos.", opened) % {"n": opened})
                return redirect("compliance:inspection-detail", inspection_id=inspection.pk)
    return _page(request, "inspection_form.html", {
        "page_title": template.name, "form": form, "template": template}, form)


@policy_required(policy.can_view_inspections)
def inspection_list(request):
    inspections = inspection_queryset_for(request.user)
    area = request.GET.get("area", "")
    if area in ChecklistTemplate.Area.values:
        inspections = inspections.filter(template__area=area)
    failed = request.GET.get("fallas") == "1"
    if failed:
        inspections = inspections.filter(answers__result=InspectionAnswer.Result.NO_CUMPLE) \
            .distinct()
    page = Paginator(inspections, 25).get_page(request.GET.get("page"))
    return render(request, T + "inspection_list.html", {
        "page_title": _("Inspecciones QHSE"), "page": page, "area": area, "failed": failed,
        "areas": ChecklistTemplate.Area.choices,
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
        "can_inspect": policy.can_inspect(request.user)})


@policy_required(policy.can_view_inspections)
def inspection_detail(request, inspection_id: int):
    inspection = get_object_or_404(inspection_queryset_for(request.user), pk=inspection_id)
    answers = inspection.answers.select_related("item", "nonconformity")
    return render(request, T + "inspection_detail.html", {
        "page_title": _("Inspección %(id)s") % {"id": inspection.pk}, "inspection": inspection,
        "answers": answers, "history": record_history(inspection),
        "can_view_ncs": policy.can_view_nonconformities(request.user),
        "support_requests": inspection.support_requests.all()
        if policy.can_view_support_requests(request.user) else None,
        "can_request": policy.can_manage_support_requests(request.user)})


@policy_required(policy.can_view_inspections)
def inspection_photo(request, answer_id: int):
    answer = get_object_or_404(InspectionAnswer, pk=answer_id)
    if not inspection_queryset_for(request.user).filter(pk=answer.inspection_id).exists():
        raise PermissionDenied
    if not answer.photo:
        raise Http404
    data_access_record(kind=DataAccess.Kind.PHOTO, request=request, record=answer)
    return FileResponse(answer.photo.open("rb"), filename=answer.photo.name.rsplit("/", 1)[-1])
