"""Exports of the lists to CSV (streamed) and XLSX (write-only), background for long ones."""

import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from caserecord.models import DataAccess
from caserecord.services import data_access_record, data_access_stream
from pqr_portal.access import policy_required
from reports import policy
from reports.export_lists import spec_get
from reports.exports import export_job_create, filename, job_label
from reports.models import ExportJob
from reports.writers import CSV_MIME, XLSX_MIME, csv_chunks, xlsx_write

CONTROL = ("lista", "formato", "fondo")


@policy_required(policy.can_export)
@require_GET
def export(request):
    """
    ?lista=casos|sui|indicadores|…&formato=csv|xlsx plus the list's own filters.
    CSV streams at once, whatever its size. XLSX is written on the spot up to
    REPORTS_EXPORT_INLINE_ROWS rows, else (or with fondo=1) in the background.
    """
    spec = spec_get(request.GET.get("lista", ""))
    fmt = request.GET.get("formato", "csv")
    if spec is None or fmt not in ("csv", "xlsx"):
        raise Http404
    if not policy.can_export_list(request.user, spec):
        raise PermissionDenied
    params = {k: v for k, v in request.GET.lists() if k not in CONTROL}
    background = request.GET.get("fondo") == "1"
    if fmt == "xlsx" and not background:
        count = spec.count(params, request.user)
        background = count is None or count > settings.REPORTS_EXPORT_INLINE_ROWS
    if background:
        job = export_job_create(code=spec.code, fmt=fmt, params=params, actor=request.user)
        return redirect("reports:export-job", job_id=job.pk)
    try:
        rows = spec.rows(params, request.user)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    name = filename(spec, fmt)
    trace = {"kind": DataAccess.Kind.EXPORT, "request": request,
             "data": {"list": spec.code, "filters": params, "file": name}}
    if fmt == "csv":
        # The read is recorded with the rows sent when the stream ends.
        response = StreamingHttpResponse(
            csv_chunks(spec.header(params), data_access_stream(rows, **trace)),
            content_type=CSV_MIME)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    tmp = tempfile.TemporaryFile()  # closed by FileResponse when sent
    n = xlsx_write(spec.title, spec.header(params), rows, tmp)
    tmp.seek(0)
    data_access_record(rows=n, **trace)
    return FileResponse(tmp, as_attachment=True, filename=name, content_type=XLSX_MIME)


def _job_for(request, job_id: int) -> ExportJob:
    return get_object_or_404(ExportJob, pk=job_id, requested_by=request.user)


@policy_required(policy.can_export)
@require_GET
def export_job(request, job_id: int):
    """The progress of a background export, and its download link when ready."""
    job = _job_for(request, job_id)
    percent = None
    if job.rows_total:
        percent = min(100, round(100 * job.rows_done / job.rows_total))
    return render(request, "reports/export_job.html", {
        "page_title": _("Exportación"), "job": job, "label": job_label(job),
        "percent": percent, "refresh": job.state in ("en_espera", "en_curso")})


@policy_required(policy.can_export)
@require_GET
def export_download(request, job_id: int):
    job = _job_for(request, job_id)
    if not job.file:
        raise Http404
    spec = spec_get(job.code)
    if spec is None or not policy.can_export_list(request.user, spec):
        raise PermissionDenied
    data_access_record(kind=DataAccess.Kind.EXPORT, request=request, record=job,
                       rows=job.rows_done, data={"list": job.code, "filters": job.params,
                                                 "file": job.file.name.rsplit("/", 1)[-1]})
    return FileResponse(job.file.open("rb"), as_attachment=True,
                        filename=job.file.name.rsplit("/", 1)[-1],
                        content_type=XLSX_MIME if job.fmt == "xlsx" else CSV_MIME)
