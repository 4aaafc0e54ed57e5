"""
The process indicators of CPAI-001: value for a period, target, traffic light
and definition.

Targets are editable (IndicatorTarget) until the quality-cycle service plan
states them; a code without a row uses DEFAULT here. Each value comes from
the other apps' aggregate selectors (SQL), never from a loop over cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from compliance.selectors import answer_timing_from_pairs
from field_visits.models import Visit
from field_visits.selectors import visit_status_counts
from reports.models import IndicatorTarget
from reports.periods import Period
from reports.rollup import indicator_inputs
from reports.surveys import survey_summary
from responses.models import AnswerKind
from responses.selectors import (
    decision_counts,
    recurso_count,
    sap_recognized_count,
    sspd_decision_counts,
)

# A value this close to the target (as a share of it) is amber, not red.
AMBER_TOLERANCE = Decimal("0.10")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    unit: str  # "%", "días", "casos", "puntos"
    higher_is_better: bool
    default_target: Decimal


INDICATORS = [
    Indicator("oportunidad", _("Oportunidad de la respuesta"),
              _("Respuestas notificadas dentro del término / respuestas notificadas en el "
                "periodo (término de respuesta cumplido), en porcentaje."),
              "%", True, Decimal("95")),
    Indicator("dias_promedio", _("Días hábiles promedio para responder"),
              _("Promedio de días hábiles entre el día desde el que se cuenta el término y el "
                "día de la respuesta notificada, para las respuestas del periodo."),
              "días", False, Decimal("10")),
    Indicator("dias_p90", _("Días hábiles para responder (percentil 90)"),
              _("Nueve de cada diez respuestas del periodo se dieron en este número de días "
                "hábiles o menos."), "días", False, Decimal("14")),
    Indicator("sap", _("Silencios administrativos positivos"),
              _("Silencios positivos reconocidos en el periodo (Ley 142 art. 158)."),
              "casos", False, Decimal("0")),
    Indicator("favorables", _("Decisiones a favor del usuario"),
              _("Decisiones que acceden o acceden parcialmente / decisiones emitidas en el "
                "periodo, en porcentaje."), "%", True, Decimal("30")),
    Indicator("recursos", _("Tasa de recursos"),
              _("Recursos interpuestos en el periodo / decisiones emitidas en el periodo, en "
                "porcentaje."), "%", False, Decimal("10")),
    Indicator("revocatorias", _("Revocatorias de la SSPD"),
              _("Apelaciones que la SSPD revocó o modificó / apelaciones decididas por la SSPD "
                "en el periodo, en porcentaje."), "%", False, Decimal("5")),
    Indicator("visitas_ejecutadas", _("Visitas ejecutadas frente a programadas"),
              _("Visitas ejecutadas / visitas programadas para el periodo (programadas, "
                "ejecutadas o fallidas), en porcentaje."), "%", True, Decimal("90")),
    Indicator("visitas_fallidas", _("Visitas fallidas"),
              _("Visitas fallidas / visitas cerradas (ejecutadas o fallidas) del periodo, en "
                "porcentaje."), "%", False, Decimal("10")),
    Indicator("primer_contacto", _("Resolución en primer contacto"),
              _("Solicitudes verbales (presencial, telefónica) resueltas en el primer contacto "
                "/ solicitudes verbales radicadas en el periodo, en porcentaje."),
              "%", True, Decimal("60")),
    Indicator("satisfaccion", _("Satisfacción del usuario"),
              _("Calificación general promedio de las encuestas respondidas en el periodo "
                "(1 a 5). Sin encuestas todavía: sin dato."), "puntos", True, Decimal("4")),
]
BY_CODE = {i.code: i for i in INDICATORS}


def _pct(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _percentile(days: dict[int, int], share: Decimal) -> Decimal | None:
    """The smallest number of days within which `share` of the answers fall (nearest rank)."""
    total = sum(days.values())
    if not total:
        return None
    rank, seen = share * total, 0
    for d in sorted(days):
        seen += days[d]
        if seen >= rank:
            return Decimal(d)
    return Decimal(max(days))


def values_for(period: Period) -> dict[str, Decimal | None]:
    """The value of every indicator for `period` (None: nothing to measure)."""
    lo, hi = period.bounds
    volume = indicator_inputs(period)  # roll-up of settled months, live for the rest
    timing = answer_timing_from_pairs(volume["answers"])
    days = timing["days"]
    answered = sum(days.values())
    decisions = decision_counts(lo=lo, hi=hi)
    issued = sum(decisions.values())
    sspd = sspd_decision_counts(start=period.start, end=period.end)
    visits = visit_status_counts(start=period.start, end=period.end)
    by_status = {}
    for (_b, status), n in visits.items():
        by_status[status] = by_status.get(status, 0) + n
    executed = by_status.get(Visit.Status.EXECUTED, 0)
    failed = by_status.get(Visit.Status.FAILED, 0)
    programmed = executed + failed + by_status.get(Visit.Status.SCHEDULED, 0)
    contact = {"verbal": volume["verbal"], "solved": volume["solved"]}
    return {
        "oportunidad": _pct(timing["on_time"], timing["total"]),
        "dias_promedio": (Decimal(sum(d * n for d, n in days.items())) / answered)
        .quantize(Decimal("0.1")) if answered else None,
        "dias_p90": _percentile(days, Decimal("0.9")),
        "sap": Decimal(sap_recognized_count(lo=lo, hi=hi)),
        "favorables": _pct(decisions.get(AnswerKind.ACCEDE, 0)
                           + decisions.get(AnswerKind.ACCEDE_PARCIALMENTE, 0), issued),
        "recursos": _pct(recurso_count(lo=lo, hi=hi), issued),
        "revocatorias": _pct(sspd.get(AnswerKind.REVOCA, 0) + sspd.get(AnswerKind.MODIFICA, 0),
                             sum(sspd.values())),
        "visitas_ejecutadas": _pct(executed, programmed),
        "visitas_fallidas": _pct(failed, executed + failed),
        "primer_contacto": _pct(contact["solved"], contact["verbal"]),
        "satisfaccion": _one_decimal(survey_summary(period)["overall"]),
    }


def _one_decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"))


def targets() -> dict[str, Decimal]:
    stored = dict(IndicatorTarget.objects.values_list("code", "target"))
    return {i.code: stored.get(i.code, i.default_target) for i in INDICATORS}


def light(indicator: Indicator, value: Decimal | None, target: Decimal) -> str:
    """verde (target met), amarillo (within 10 % of it), rojo, gris (no value)."""
    if value is None:
        return "gris"
    if indicator.higher_is_better:
        if value >= target:
            return "verde"
        return "amarillo" if value >= target * (1 - AMBER_TOLERANCE) else "rojo"
    if value <= target:
        return "verde"
    margin = max(target * AMBER_TOLERANCE, Decimal("1") if indicator.unit == "casos" else 0)
    return "amarillo" if value <= target + margin else "rojo"


LIGHT_LABELS = {"verde": _("Cumple la meta"), "amarillo": _("Cerca de la meta"),
                "rojo": _("No cumple la meta"), "gris": _("Sin dato")}


def scorecard(period: Period) -> list[dict]:
    """Each indicator with its value, target, light and definition, in display order."""
    values, goals = values_for(period), targets()
    rows = []
    for ind in INDICATORS:
        value, target = values[ind.code], goals[ind.code]
        colour = light(ind, value, target)
        rows.append({"indicator": ind, "code": ind.code, "value": value, "target": target,
                     "light": colour, "light_label": LIGHT_LABELS[colour]})
    return rows
