"""The archive's pages: thin HTTP over archive.services and archive.selectors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archive import policy, selectors, services
from archive.expediente import build_expediente_pdf
from archive.forms import (
    ArchiveFilterForm,
    ArchiveForm,
    LoanForm,
    RelocateForm,
    ReturnForm,
    SeriesForm,
)
from archive.models import RetentionSeries
from caserecord.models import DataAccess
from caserecord.services import data_access_record
from pqr_portal.access import policy_required
from pqr_portal.filtering import filter_values

PAGE_SIZE = 25


def _service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _page(request, items):
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return page, query


@policy_required(policy.can_view_archive)
def archive_list(request):
    form = ArchiveFilterForm(request.GET or None)
    data = filter_values(request, form)
    today = timezone.localdate()
    files = selectors.archived_files_filtered(
        user=request.user, q=data.get("q", ""), series=data.get("series"),
        box=data.get("box", ""), on_loan=bool(data.get("on_loan")),
        disposition_due=today if data.get("retention_due") else None)
    page, query = _page(request, files)
    return render(request, "archive/list.html", {
        "page_title": _("Archivo de expedientes"), "form": form, "page": page, "query": query,
        "today": today, "can_manage": policy.can_manage_archive(request.user)})


@policy_required(policy.can_view_archive)
def pending_list(request):
    page, query = _page(request, selectors.cases_pending_archive(request.user))
    return render(request, "archive/pending.html", {
        "page_title": _("Casos cerrados pendientes de archivar"), "page": page, "query": query,
        "can_manage": policy.can_manage_archive(request.user)})


@policy_required(policy.can_manage_archive)
def case_archive(request, closed_case_id: int):
    case = selectors.case_closed_get(request.user, case_id=closed_case_id)
    existing = selectors.archived_file_of(case)
    if existing is not None:
        messages.info(request, _("El expediente de este caso ya está archivado."))
        return redirect(existing)
    suggested = selectors.series_suggested_for(case.kind)
    form = ArchiveForm(request.POST or None,
                       initial={"series": suggested.pk if suggested else None, "folio_from": 1})
    if request.method == "POST" and form.is_valid():
        try:
            archived = services.case_archive(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Expediente %(r)s archivado en la caja %(box)s.")
                             % {"r": case.radicado, "box": archived.box})
            return redirect(archived)
    return render(request, "archive/archive_form.html", {
        "page_title": _("Archivar el expediente %(r)s") % {"r": case.radicado}, "case": case,
        "form": form})


@policy_required(policy.can_view_archive)
def file_detail(request, archived_id: int):
    archived = selectors.archived_file_get(file_id=archived_id)
    loans = list(selectors.file_loans(archived))
    open_loan = next((loan for loan in loans if loan.is_open), None)
    can_manage = policy.can_manage_archive(request.user, archived)
    return render(request, "archive/detail.html", {
        "page_title": _("Expediente %(r)s") % {"r": archived.case.radicado},
        "archived": archived, "case": archived.case, "loans": loans, "open_loan": open_loan,
        "today": timezone.localdate(), "can_manage": can_manage,
        "return_form": ReturnForm() if can_manage and open_loan else None})


@policy_required(policy.can_manage_archive)
def file_relocate(request, archived_id: int):
    archived = selectors.archived_file_get(file_id=archived_id)
    form = RelocateForm(request.POST or None, initial={
        "box": archived.box, "folder": archived.folder, "folio_from": archived.folio_from,
        "folio_to": archived.folio_to})
    if request.method == "POST" and form.is_valid():
        try:
            services.file_relocate(archived_file=archived, actor=request.user,
                                   **form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Ubicación actualizada."))
            return redirect(archived)
    return render(request, "archive/simple_form.html", {
        "page_title": _("Reubicar el expediente %(r)s") % {"r": archived.case.radicado},
        "archived": archived, "form": form, "submit": _("Guardar la ubicación")})


@policy_required(policy.can_manage_archive)
def loan_new(request, archived_id: int):
    archived = selectors.archived_file_get(file_id=archived_id)
    form = LoanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.loan_open(archived_file=archived, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Préstamo registrado."))
            return redirect(archived)
    return render(request, "archive/simple_form.html", {
        "page_title": _("Prestar el expediente %(r)s") % {"r": archived.case.radicado},
        "archived": archived, "form": form, "submit": _("Registrar el préstamo")})


@policy_required(policy.can_manage_archive)
@require_POST
def loan_return(request, loan_id: int):
    loan = selectors.loan_get_open(loan_id=loan_id)
    form = ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.loan_return(loan=loan, actor=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Devolución registrada."))
    return redirect(loan.archived_file)


@policy_required(policy.can_view_archive)
def loan_list(request):
    today = timezone.localdate()
    page, query = _page(request, selectors.open_loans())
    return render(request, "archive/loans.html", {
        "page_title": _("Préstamos de expedientes"), "page": page, "query": query,
        "today": today})


@policy_required(policy.can_print_expediente)
def expediente_pdf(request, closed_case_id: int):
    case = selectors.case_closed_get(request.user, case_id=closed_case_id)
    content = build_expediente_pdf(case, selectors.archived_file_of(case))
    data_access_record(kind=DataAccess.Kind.ARCHIVE_FILE, request=request, case_id=case.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="expediente-{case.radicado}.pdf"'
    return response


@policy_required(policy.can_view_archive)
def trd_list(request):
    return render(request, "archive/trd_list.html", {
        "page_title": _("Tabla de retención documental"),
        "series_list": RetentionSeries.objects.order_by("code"),
        "can_edit": policy.can_manage_trd(request.user)})


def _trd_form(request, series):
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SeriesForm.Meta.fields}
        try:
            services.trd_save(actor=request.user, instance=series, **fields)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Serie %(code)s guardada.") % {"code": fields["code"]})
            return redirect("archive:trd-list")
    title = (_("Serie %(code)s de la TRD") % {"code": series.code} if series
             else _("Nueva serie de la TRD"))
    return render(request, "archive/simple_form.html", {
        "page_title": title, "form": form, "submit": _("Guardar"),
        "back_url": "archive:trd-list"})


@policy_required(policy.can_manage_trd)
def trd_new(request):
    return _trd_form(request, None)


@policy_required(policy.can_manage_trd)
def trd_edit(request, series_id: int):
    return _trd_form(request, get_object_or_404(RetentionSeries, pk=series_id))
