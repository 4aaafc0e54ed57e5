"""Indicator dashboard: read-only, for the coordinator and the gerente."""

import csv
from datetime import date, timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from pqr_portal.access import policy_required
from reports import policy
from reports.selectors import indicators


def _period(request) -> tuple[date, date, list[str]]:
    today = timezone.localdate()
    errors = []
    start = parse_date(request.GET.get("desde") or "") if request.GET.get("desde") else today.replace(day=1)
    end = parse_date(request.GET.get("hasta") or "") if request.GET.get("hasta") else today
    if start is None or end is None:
        errors.append(_("Escriba las fechas como AAAA-MM-DD."))
        start, end = today.replace(day=1), today
    if start > end:
        errors.append(_("La fecha inicial no puede ser posterior a la final."))
        start, end = end, start
    if (end - start) > timedelta(days=366):
        errors.append(_("El periodo máximo es de un año."))
        start = end - timedelta(days=366)
    return start, end, errors


@policy_required(policy.can_view_dashboard)
def dashboard(request):
    start, end, errors = _period(request)
    data = indicators(start=start, end=end)
    if request.GET.get("formato") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="indicadores-{start}-{end}.csv"'
        writer = csv.writer(response)
        writer.writerow([_("indicador"), _("valor")])
        writer.writerow([_("Radicados en el periodo"), data["filed_total"]])
        writer.writerow([_("Respondidos en el periodo"), data["answered_total"]])
        writer.writerow([_("Respondidos a tiempo"), data["answered_on_time"]])
        for label, n in data["by_kind"]:
            writer.writerow([label, n])
        for label, _band, n in data["open_bands"]:
            writer.writerow([_("Abiertos: %(band)s") % {"band": label}, n])
        return response
    return render(request, "reports/dashboard.html",
                  {"d": data, "errors": errors, "page_title": _("Indicadores del proceso")})
