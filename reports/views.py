"""Pages of reports: the dashboard (read-only for the gerente), indicators, SUI, reports."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from pqr_portal.access import policy_required
from reports import policy
from reports.dashboard import attention, field_work, inflow
from reports.forms import DashboardFilterForm, TargetsForm
from reports.indicators import INDICATORS, scorecard, targets
from reports.periods import period_from
from reports.services import targets_save


def _filters(request):
    period, errors = period_from(request.GET)
    form = DashboardFilterForm(request.GET or None, initial={"desde": period.start,
                                                             "hasta": period.end})
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
