"""
The coordinator's dashboard: what needs attention now (every open term by
band, SAP risk, suspensions, unassigned cases, workload) and what came in
during the period (by kind, causal, channel, municipality; weekly and
monthly trends). Every number carries the link to the case list filtered
to exactly those cases.

Reads through the other apps' selectors only; a fixed number of queries,
none of them a loop over cases.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from compliance.models import Term
from field_visits.models import Visit
from field_visits.selectors import scheduled_visit_load, visit_status_counts
from intake.choices import CaseKind, Channel
from intake.filters import UNASSIGNED
from intake.selectors import causals_by_id, municipalities, team_member_ids
from reports.attention import attention_counts
from reports.charts import bar_chart, column_chart
from reports.periods import Period, month_start
from reports.rollup import case_counts

# The bands as the dashboard reads them next to a number ("3 vencen hoy").
BANDS = {Term.Band.VENCIDO: _l("vencidos"), Term.Band.VENCE_HOY: _l("vencen hoy"),
         Term.Band.POR_VENCER: _l("por vencer"), Term.Band.AL_DIA: _l("al día")}


def case_list_url(**params) -> str:
    """The staff case list filtered by `params` (empty values left out)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return reverse("intake:case-list") + (f"?{query}" if query else "")


def _members(team_id: int | None) -> list[int] | None:
    """A team's people (None: no team chosen, everyone)."""
    return None if not team_id else team_member_ids(team_id)


def _names(user_ids) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=[u for u in user_ids if u])
    return {u.pk: u.get_full_name() or u.username for u in users}


def attention(*, municipality_id: int | None = None, kind: str | None = None,
              team_id: int | None = None) -> dict:
    """The numbers that do not depend on the period, each with its case-list link."""
    counts, as_of = attention_counts(municipality_id=municipality_id, kind=kind,
                                     assignee_ids=_members(team_id))
    scope = {"municipality": municipality_id, "kind": kind, "team": team_id}
    people = {int(metric.split(":")[1]): n for metric, n in counts.items()
              if metric.startswith("assignee:") and n}
    unassigned = people.pop(0, 0)
    names = _names(people)
    workload = sorted(
        ({"name": names.get(uid, str(uid)), "n": n,
          "url": case_list_url(open=1, assignee=uid, **scope)} for uid, n in people.items()),
        key=lambda r: (-r["n"], r["name"]))
    return {
        "as_of": as_of,
        "bands": [{"code": b, "label": label, "n": counts.get(f"band:{b}", 0),
                   "url": case_list_url(open_band=b, **scope)} for b, label in BANDS.items()],
        "sap_risk": {"n": counts.get("sap", 0), "url": case_list_url(sap=1, **scope)},
        "sap_pending": {
            "n": counts.get("sap_pending", 0),
            "url": case_list_url(open_purpose=Term.Purpose.SAP_RECONOCIMIENTO, **scope)},
        "suspended": {"n": counts.get("suspended", 0),
                      "near_limit": counts.get("suspended_near", 0),
                      "warn_days": settings.REPORTS_SUSPENSION_WARN_DAYS,
                      "url": case_list_url(suspended=1, **scope)},
        "unassigned": {"n": unassigned,
                       "url": case_list_url(open=1, assignee=UNASSIGNED, **scope)},
        "workload": workload,
    }


def field_work(period: Period) -> list[dict]:
    """Per brigadista: visits still scheduled, and those executed and failed in the period."""
    counts = visit_status_counts(start=period.start, end=period.end)
    load = scheduled_visit_load()
    ids = set(load) | {b for b, _s in counts}
    names = _names(ids)
    rows = [{"name": names.get(b, str(b)), "scheduled": load.get(b, 0),
             "executed": counts.get((b, Visit.Status.EXECUTED), 0),
             "failed": counts.get((b, Visit.Status.FAILED), 0)} for b in ids]
    return sorted(rows, key=lambda r: r["name"])


def _weeks(by_day: dict, period: Period) -> list[tuple]:
    weeks: dict = {}
    day = period.start
    while day <= period.end:
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + by_day.get(day, 0)
        day += timedelta(days=1)
    return sorted(weeks.items())


def inflow(period: Period, *, municipality_id: int | None = None,
           kind: str | None = None, team_id: int | None = None) -> dict:
    """The cases filed in the period: charts by kind, causal, channel, municipality, trends."""
    counts = case_counts(period, municipality_id=municipality_id, kind=kind,
                         assignee_ids=_members(team_id))
    scope = {"municipality": municipality_id, "kind": kind, "team": team_id,
             "filed_from": period.start.isoformat(), "filed_to": period.end.isoformat()}

    def ranked(data: dict, label, link_key, limit=None):
        items = sorted(((k, n) for k, n in data.items() if n), key=lambda kv: -kv[1])
        rows = [(str(label(k)), n, case_list_url(**{**scope, link_key: k}) if k else "")
                for k, n in items]
        return rows[:limit] if limit else rows

    causals = causals_by_id()
    towns = {m.pk: m.name for m in municipalities()}

    def causal_label(k):
        c = causals.get(int(k)) if k else None
        return f"{c.code} {c.name}" if c else _("Sin causal")

    by_day = counts.get("day", {})
    by_month: dict = {}
    for day, n in by_day.items():
        by_month[month_start(day)] = by_month.get(month_start(day), 0) + n
    n = _("casos radicados")
    return {
        "total": sum(by_day.values()),
        "by_kind": bar_chart(_("Radicados por tipo de solicitud"), ranked(
            counts.get("kind", {}), lambda k: CaseKind(k).label, "kind"), value_label=n),
        "by_channel": bar_chart(_("Radicados por canal"), ranked(
            counts.get("channel", {}), lambda k: Channel(k).label, "channel"), value_label=n),
        "by_causal": bar_chart(_("Causales más frecuentes"), ranked(
            counts.get("causal", {}), causal_label, "causal", limit=10), value_label=n),
        "by_municipality": bar_chart(_("Radicados por municipio"), ranked(
            counts.get("municipality", {}), lambda k: towns.get(k, _("Sin municipio")),
            "municipality"), value_label=n),
        "weekly": column_chart(_("Radicados por semana"), [
            (monday.strftime("%d/%m"), v, case_list_url(
                **{**scope, "filed_from": max(monday, period.start).isoformat(),
                   "filed_to": min(monday + timedelta(days=6), period.end).isoformat()}))
            for monday, v in _weeks(by_day, period)], value_label=n),
        "monthly": column_chart(_("Radicados por mes"), [
            (m.strftime("%m/%Y"), v, "") for m, v in sorted(by_month.items())], value_label=n),
    }


def SUMMARY_HEADER() -> list[str]:  # noqa: N802 - a constant, translated when asked
    return [_("indicador"), _("valor")]


def summary_rows(now: dict, came_in: dict) -> list[list]:
    """The dashboard's numbers as (label, value) rows: its CSV and its export."""
    rows = [[_("Radicados en el periodo"), came_in["total"]]]
    rows += [[_("Términos en curso: %(band)s") % {"band": band["label"]}, band["n"]]
             for band in now["bands"]]
    rows += [[_("Riesgo de silencio positivo"), now["sap_risk"]["n"]],
             [_("Sin asignar"), now["unassigned"]["n"]]]
    rows += [[_("Carga de %(name)s (abiertos)") % {"name": p["name"]}, p["n"]]
             for p in now["workload"]]
    for chart in ("by_kind", "by_channel", "by_causal", "by_municipality"):
        rows += [[f"{came_in[chart].title}: {label}", n] for label, n, _url in came_in[chart].rows]
    return rows
