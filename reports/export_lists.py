"""
The lists reports can export (reports.exports). Each builds its rows from
the request's parameters (stored on a background job as {name: [values]})
and the user who asked, through the other apps' selectors and filters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from intake.exports import COLUMNS, case_export_rows
from intake.filters import CaseFilter
from intake.selectors import case_queryset_for
from reports.billing import NOVELTY_HEADER, line_detail, novelty_rows
from reports.indicators import scorecard
from reports.periods import Period, month_end, parse_month, period_from
from reports.sui import HEADER, SuiResult, sui_rows


@dataclass(frozen=True)
class ExportSpec:
    code: str
    title: str
    header: Callable[[dict], list[str]]
    rows: Callable[[dict, object], Iterator[list]]  # (params, user) -> rows
    count: Callable[[dict, object], int | None] = lambda params, user: None
    # A row per person or case: only reports.policy.can_export_personal may export it.
    personal: bool = True


SPECS: dict[str, ExportSpec] = {}


def register(spec: ExportSpec) -> ExportSpec:
    SPECS[spec.code] = spec
    return spec


def spec_get(code: str) -> ExportSpec | None:
    return SPECS.get(code)


def links_for(user, lista: str, query: str = "") -> list[dict]:
    """
    The CSV and XLSX links of the list `lista` with a page's filters (`query`, a
    query string), or none for a user the list's rule (reports.policy.can_export_list)
    does not let export it. Registered in pqr_portal.export_links (ReportsConfig.ready):
    the pages of any app show them through {% export_links %} without importing reports.
    """
    from reports import policy

    spec = spec_get(lista)
    if spec is None or not policy.can_export_list(user, spec):
        return []
    params = QueryDict(query or "", mutable=True)
    for control in ("lista", "formato", "fondo", "page"):
        params.pop(control, None)
    base = reverse("reports:export")
    links = []
    for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX")):
        q = params.copy()
        q["lista"], q["formato"] = lista, fmt
        links.append({"url": f"{base}?{q.urlencode()}", "label": label, "fmt": fmt})
    return links


def query(params: dict) -> QueryDict:
    """{name: [values]} (or {name: value}) as the QueryDict a filter form expects."""
    data = QueryDict(mutable=True)
    for key, values in params.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    return data


def _cases(params, user):
    return CaseFilter(query(params) or None, queryset=case_queryset_for(user)).qs


register(ExportSpec(
    code="casos", title="casos",
    header=lambda params: [header for _field, header in COLUMNS],
    rows=lambda params, user: case_export_rows(_cases(params, user)),
    count=lambda params, user: _cases(params, user).count(),
))


def _sui_month(params):
    month = parse_month(query(params).get("mes") or "")
    if month is None:
        raise ValueError(_("Elija el mes como AAAA-MM."))
    return month


def _sui_rows(params, user):
    month = _sui_month(params)
    return sui_rows(month, SuiResult(month=month))


register(ExportSpec(code="sui", title="sui-formato-a", header=lambda params: list(HEADER),
                    rows=_sui_rows))


def _indicator_rows(params, user):
    period, _errors = period_from(query(params))
    for r in scorecard(period):
        ind = r["indicator"]
        yield [str(ind.label), r["value"], ind.unit, r["target"], str(r["light_label"]),
               str(ind.definition)]


register(ExportSpec(
    code="indicadores", title="indicadores",
    header=lambda params: [_("indicador"), _("valor"), _("unidad"), _("meta"), _("semáforo"),
                           _("definición")],
    rows=_indicator_rows, personal=False))


def _month_period(params):
    month = _sui_month(params)
    return Period(month, month_end(month))


register(ExportSpec(
    code="novedades", title="novedades-nomina",
    header=lambda params: [str(h) for h in NOVELTY_HEADER],
    rows=lambda params, user: novelty_rows(_month_period(params))))


def _line(params):
    data = query(params)
    period, _errors = period_from(data)
    return line_detail(period, data.get("actividad", ""))


register(ExportSpec(code="cuenta_detalle", title="detalle-cuenta",
                    header=lambda params: _line(params)[0],
                    rows=lambda params, user: _line(params)[1]))


def _dashboard_rows(params, user):
    from reports.dashboard import attention, inflow, summary_rows
    from reports.forms import dashboard_filters

    f = dashboard_filters(query(params))
    return iter(summary_rows(attention(**f.scope), inflow(f.period, **f.scope)))


def _dashboard_header(params):
    from reports.dashboard import SUMMARY_HEADER

    return SUMMARY_HEADER()


# A few hundred rows at most (the dashboard's own numbers): always written on the spot.
register(ExportSpec(code="tablero", title="tablero", header=_dashboard_header,
                    rows=_dashboard_rows, count=lambda params, user: 0, personal=False))
