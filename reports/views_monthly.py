"""Pages of the monthly management report: list, generate, download, approve, send."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from caserecord.models import DataAccess
from caserecord.services import data_access_record
from pqr_portal.access import policy_required
from reports import policy
from reports.models import ManagementReport
from reports.monthly import (
    management_report_approve,
    management_report_generate,
    management_report_send,
)
from reports.periods import month_start, parse_month


@policy_required(policy.can_view_dashboard)
def management_list(request):
    """The reports of each month; the coordinator generates one for a month (POST)."""
    if request.method == "POST":
        if not policy.can_manage_reports(request.user):
            raise PermissionDenied
        month = parse_month(request.POST.get("mes", ""))
        if month is None:
            messages.error(request, _("Elija el mes como AAAA-MM."))
        else:
            try:
                management_report_generate(month=month, actor=request.user)
                messages.success(request, _("Informe de %(month)s generado.")
                                 % {"month": f"{month:%m/%Y}"})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect("reports:management")
    last = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    return render(request, "reports/management.html", {
        "page_title": _("Informe de gestión mensual"), "default_month": f"{last:%Y-%m}",
        "reports": ManagementReport.objects.select_related("generated_by", "approved_by")[:36],
        "can_manage": policy.can_manage_reports(request.user)})


@policy_required(policy.can_view_dashboard)
@require_GET
def management_pdf(request, report_id: int):
    report = get_object_or_404(ManagementReport, pk=report_id)
    data_access_record(kind=DataAccess.Kind.REPORT, request=request, record=report)
    return FileResponse(report.pdf.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=f"informe-gestion-{report.month:%Y-%m}.pdf")


@policy_required(policy.can_manage_reports)
@require_POST
def management_approve(request, report_id: int):
    report = get_object_or_404(ManagementReport, pk=report_id)
    try:
        management_report_approve(report=report, actor=request.user)
        messages.success(request, _("Informe aprobado."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:management")


@policy_required(policy.can_manage_reports)
@require_POST
def management_send(request, report_id: int):
    report = get_object_or_404(ManagementReport, pk=report_id)
    try:
        management_report_send(report=report, actor=request.user)
        messages.success(request, _("Informe enviado por correo a los destinatarios."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:management")
