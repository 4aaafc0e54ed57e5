"""Pages of reports: the dashboard (read-only for the gerente), indicators, SUI, reports."""

import csv
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from caserecord.models import DataAccess
from caserecord.services import data_access_record
from pqr_portal.access import policy_required
from reports import policy
from reports.dashboard import SUMMARY_HEADER, attention, field_work, inflow, summary_rows
from reports.forms import TargetsForm, dashboard_filters
from reports.indicators import INDICATORS, scorecard, targets
from reports.models import SuiFile
from reports.periods import month_start, parse_month, period_from
from reports.services import targets_save
from reports.sui import problems_text, sui_check, sui_generate


@policy_required(policy.can_view_dashboard)
@require_GET
def dashboard(request):
    f = dashboard_filters(request.GET)
    now = attention(**f.scope)
    came_in = inflow(f.period, **f.scope)
    if request.GET.get("formato") == "csv":
        data_access_record(kind=DataAccess.Kind.REPORT, request=request,
                           data={"list": "tablero", "desde": f.period.start, "hasta": f.period.end})
        return _dashboard_csv(f.period, now, came_in)
    ctx = {"page_title": _("Tablero de la coordinación"), "period": f.period, "errors": f.errors,
           "form": f.form, "now": now, "came_in": came_in, "visits": field_work(f.period),
           "summary_query": f.query, "cases_query": f.cases_query,
           "charts": [came_in["by_kind"], came_in["by_causal"], came_in["by_channel"],
                      came_in["by_municipality"]],
           "trends": [came_in["weekly"], came_in["monthly"]]}
    return render(request, "reports/dashboard.html", ctx)


def _dashboard_csv(period, now, came_in) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="tablero-{period.start}-'
                                       f'{period.end}.csv"')
    writer = csv.writer(response)
    writer.writerow(SUMMARY_HEADER())
    writer.writerows(summary_rows(now, came_in))
    return response


@policy_required(policy.can_view_dashboard)
@require_GET
def indicators(request):
    period, errors = period_from(request.GET)
    ctx = {"page_title": _("Indicadores del proceso"), "period": period, "errors": errors,
           "rows": scorecard(period), "can_edit": policy.can_manage_reports(request.user)}
    return render(request, "reports/indicators.html", ctx)


@policy_required(policy.can_manage_reports)
def targets_edit(request):
    form = TargetsForm(request.POST or None, indicators=INDICATORS, current=targets())
    if request.method == "POST" and form.is_valid():
        changed = targets_save(values=form.cleaned_data, actor=request.user)
        messages.success(request, ngettext("%(n)d meta actualizada.", "%(n)d metas actualizadas.",
                                           len(changed)) % {"n": len(changed)})
        return redirect("reports:indicators")
    return render(request, "reports/targets.html",
                  {"page_title": _("Metas de los indicadores"), "form": form})


@policy_required(policy.can_view_dashboard)
def sui(request):
    """The SUI files of each month: check a month, generate its file, download kept ones."""
    month = parse_month(request.POST.get("mes") or request.GET.get("mes") or "")
    result = None
    if request.method == "POST":
        if not policy.can_manage_reports(request.user):
            raise PermissionDenied
        if month is None:
            messages.error(request, _("Elija el mes como AAAA-MM."))
            return redirect("reports:sui")
        record, result = sui_generate(month=month, actor=request.user)
        messages.success(request, _("Archivo SUI de %(month)s generado: %(rows)d filas.")
                         % {"month": f"{month:%Y-%m}", "rows": record.rows})
        return redirect(f"{reverse('reports:sui')}?mes={month:%Y-%m}")
    if month is not None:
        result = sui_check(month)
    default = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    ctx = {"page_title": _("Reporte SUI (Formato A)"), "month": month, "result": result,
           "problems": problems_text(result) if result else [],
           "default_month": f"{(month or default):%Y-%m}",
           "files": SuiFile.objects.select_related("generated_by")[:50],
           "can_generate": policy.can_manage_reports(request.user),
           "can_export_personal": policy.can_export_personal(request.user)}
    return render(request, "reports/sui.html", ctx)


@policy_required(policy.can_export_personal)
@require_GET
def sui_download(request, file_id: int):
    """The SUI file of a month (a row per case: radicado, cuenta, factura): logged."""
    record = get_object_or_404(SuiFile, pk=file_id)
    data_access_record(kind=DataAccess.Kind.EXPORT, request=request, record=record,
                       rows=record.rows, data={"list": "sui", "mes": f"{record.month:%Y-%m}"})
    return FileResponse(record.file.open("rb"), as_attachment=True,
                        filename=f"sui-formato-a-{record.month:%Y-%m}.csv",
                        content_type="text/csv; charset=utf-8")
