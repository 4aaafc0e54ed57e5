"""Indicator dashboard: read-only, for the coordinator and the gerente."""

import csv
from datetime import date, timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from pqr_portal.access import role_required
from pqr_portal.roles import Role
from reports.selectors import indicators


def _date_param(request, name: str, default: date, errors: list[str]) -> date:
    """One date of the period; an invalid one falls back to its default alone, with a message."""
    raw = request.GET.get(name) or ""
    if not raw:
        return default
    try:
        value = parse_date(raw)
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        value = None
    if value is None:
        errors.append(_("Se ignoró la fecha «%(value)s»: escríbala como AAAA-MM-DD.")
                      % {"value": raw[:30]})
        return default
    return value


def _period(request) -> tuple[date, date, list[str]]:
    today = timezone.localdate()
    errors = []
    # Each date on its own: a typo in one keeps the other.
    start = _date_param(request, "desde", today.replace(day=1), errors)
    end = _date_param(request, "hasta", today, errors)
    if start > end:
        errors.append(_("La fecha inicial no puede ser posterior a la final."))
        start, end = end, start
    if (end - start) > timedelta(days=366):
        errors.append(_("El periodo máximo es de un año."))
        start = end - timedelta(days=366)
    return start, end, errors


@role_required(Role.COORDINADOR, Role.GERENTE)
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
