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
from reports.dashboard import attention, field_work, inflow
from reports.forms import DashboardFilterForm, TargetsForm
from reports.indicators import INDICATORS, scorecard, targets
from reports.models import SuiFile
from reports.periods import month_start, parse_month, period_from
from reports.services import targets_save
from reports.sui import problems_text, sui_check, sui_generate


def _filters(request):
    period, errors = period_from(request.GET)
    # The form shows the period applied: an ignored date shows what replaced it.
    data = request.GET.copy() if request.GET else None
    if data is not None:
        data["desde"], data["hasta"] = period.start.isoformat(), period.end.isoformat()
    form = DashboardFilterForm(data, initial={"desde": period.start, "hasta": period.end})
    municipality_id = kind = None
    if form.is_bound and form.is_valid():
        municipality_id = form.cleaned_data["municipio"].pk if form.cleaned_data["municipio"] \
            else None
        kind = form.cleaned_data["tipo"] or None
    return period, errors, form, municipality_id, kind


@policy_required(policy.can_view_dashboard)
@require_GET
def dashboard(request):
    period, errors, form, municipality_id, kind = _filters(request)
    now = attention(municipality_id=municipality_id, kind=kind)
    came_in = inflow(period, municipality_id=municipality_id, kind=kind)
    if request.GET.get("formato") == "csv":
        data_access_record(kind=DataAccess.Kind.REPORT, request=request,
                           data={"list": "tablero", "desde": period.start, "hasta": period.end})
        return _dashboard_csv(period, now, came_in)
    ctx = {"page_title": _("Tablero de la coordinación"), "period": period, "errors": errors,
           "form": form, "now": now, "came_in": came_in, "visits": field_work(period),
           "charts": [came_in["by_kind"], came_in["by_causal"], came_in["by_channel"],
                      came_in["by_municipality"]],
           "trends": [came_in["weekly"], came_in["monthly"]]}
    return render(request, "reports/dashboard.html", ctx)


def _dashboard_csv(period, now, came_in) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="tablero-{period.start}-'
                                       f'{period.end}.csv"')
    writer = csv.writer(response)
    writer.writerow([_("indicador"), _("valor")])
    writer.writerow([_("Radicados en el periodo"), came_in["total"]])
    for band in now["bands"]:
        writer.writerow([_("Términos en curso: %(band)s") % {"band": band["label"]}, band["n"]])
    writer.writerow([_("Riesgo de silencio positivo"), now["sap_risk"]["n"]])
    writer.writerow([_("Sin asignar"), now["unassigned"]["n"]])
    for chart in ("by_kind", "by_channel", "by_causal", "by_municipality"):
        for label, n, _url in came_in[chart].rows:
            writer.writerow([f"{came_in[chart].title}: {label}", n])
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
