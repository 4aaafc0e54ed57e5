"""
The service plan (CPAI-001, Plan): drafted by the coordinator, approved or
returned by the gerente with observations, versioned. Approving a new version
replaces the previous approved one of the same period.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from caserecord.transitions import TransitionTable
from compliance import policy
from compliance.models import PlanActivity, PlanIndicator, PlanResource, ServicePlan
from pqr_portal.access import require, roles_for
from pqr_portal.roles import Role

_P = ServicePlan.Status
_COORD, _GER = {Role.COORDINADOR}, {Role.GERENTE}
PLAN_TABLE = TransitionTable("compliance.serviceplan", {
    (_P.BORRADOR, _P.ENVIADO): _COORD,
    (_P.DEVUELTO, _P.ENVIADO): _COORD,
    (_P.ENVIADO, _P.APROBADO): _GER,
    (_P.ENVIADO, _P.DEVUELTO): _GER,
    (_P.APROBADO, _P.REEMPLAZADO): _GER,  # by the approval of the next version
})


def period_for(kind: str, start: date) -> tuple[date, date]:
    """The period of a plan: the month, or the quarter, that `start` begins."""
    months = 3 if kind == ServicePlan.PeriodKind.TRIMESTRE else 1
    if start.day != 1 or (months == 3 and (start.month - 1) % 3):
        raise ValidationError({"period_start": _(
            "El periodo empieza el primer día de un mes (o de un trimestre: enero, abril, "
            "julio u octubre).")})
    month = start.month + months
    following = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return start, date.fromordinal(following.toordinal() - 1)


def _event(plan, kind, actor, data=None, note=""):
    event_record(kind=kind, record=plan, actor=actor, data=data or {}, note=note)


@transaction.atomic
def plan_create(*, actor, period_kind: str, period_start: date, objective: str = "") -> ServicePlan:
    require(policy.can_draft_plan(actor))
    start, end = period_for(period_kind, period_start)
    if ServicePlan.objects.filter(period_start=start, period_end=end).exists():
        raise ValidationError({"period_start": _(
            "Ya hay un plan para ese periodo: abra una nueva versión desde el plan vigente.")})
    plan = ServicePlan.objects.create(period_kind=period_kind, period_start=start, period_end=end,
                                      objective=objective.strip(), drafted_by=actor)
    _event(plan, "plan.drafted", actor, {"version": 1, "period_start": start.isoformat(),
                                         "period_end": end.isoformat()})
    return plan


@transaction.atomic
def plan_save(*, plan: ServicePlan, actor, objective: str, indicators: list[dict],
              resources: list[dict], activities: list[dict]) -> ServicePlan:
    """Replace the content of a draft (or returned) plan."""
    plan = ServicePlan.objects.select_for_update().get(pk=plan.pk)
    require(policy.can_draft_plan(actor))
    if not plan.editable:
        raise ValidationError(_("Solo se edita un plan en borrador o devuelto."))
    codes = [i["code"] for i in indicators]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Cada indicador necesita un código distinto."))
    plan.objective = objective.strip()
    plan.save(update_fields=["objective"])
    plan.indicators.all().delete()
    plan.resources.all().delete()
    plan.activities.all().delete()
    PlanIndicator.objects.bulk_create(PlanIndicator(plan=plan, **i) for i in indicators)
    PlanResource.objects.bulk_create(PlanResource(plan=plan, **r) for r in resources)
    PlanActivity.objects.bulk_create(PlanActivity(plan=plan, **a) for a in activities)
    _event(plan, "plan.saved", actor, {"indicators": len(indicators), "resources": len(resources),
                                       "activities": len(activities)})
    return plan


def _move(plan, status, actor, note=""):
    wrong = _("El plan no puede pasar de «%(from)s» a «%(to)s».") % {
        "from": plan.get_status_display(), "to": _P(status).label}
    PLAN_TABLE.require(plan.status, status, roles_for(actor), wrong)
    previous, plan.status = plan.status, status
    plan.save()
    _event(plan, "plan.status_changed", actor, {"from": previous, "to": status,
                                                "version": plan.version}, note)


@transaction.atomic
def plan_submit(*, plan: ServicePlan, actor) -> ServicePlan:
    plan = ServicePlan.objects.select_for_update().get(pk=plan.pk)
    require(policy.can_draft_plan(actor))
    if not plan.indicators.exists():
        raise ValidationError(_("El plan necesita al menos un indicador con su meta."))
    plan.submitted_at = timezone.now()
    _move(plan, _P.ENVIADO, actor)
    return plan


@transaction.atomic
def plan_decide(*, plan: ServicePlan, actor, approve: bool, observations: str = "") -> ServicePlan:
    """The gerente approves (observations optional) or returns (observations required)."""
    plan = ServicePlan.objects.select_for_update().get(pk=plan.pk)
    require(policy.can_approve_plan(actor))
    if not approve and not observations.strip():
        raise ValidationError({"observations": _("Escriba las observaciones para devolver el plan.")})
    plan.decided_by, plan.decided_at = actor, timezone.now()
    plan.observations = observations.strip()
    if approve:
        for old in ServicePlan.objects.select_for_update().filter(
                period_start=plan.period_start, period_end=plan.period_end, status=_P.APROBADO):
            _move(old, _P.REEMPLAZADO, actor)
    _move(plan, _P.APROBADO if approve else _P.DEVUELTO, actor, observations.strip())
    return plan


@transaction.atomic
def plan_new_version(*, plan: ServicePlan, actor) -> ServicePlan:
    """A new draft version of an approved plan, with its content copied."""
    plan = ServicePlan.objects.select_for_update().get(pk=plan.pk)
    require(policy.can_draft_plan(actor))
    if plan.status != _P.APROBADO:
        raise ValidationError(_("Solo se versiona el plan aprobado."))
    if ServicePlan.objects.filter(period_start=plan.period_start, period_end=plan.period_end,
                                  status__in=[_P.BORRADOR, _P.ENVIADO, _P.DEVUELTO]).exists():
        raise ValidationError(_("Ya hay una versión en preparación para este periodo."))
    version = ServicePlan.objects.filter(period_start=plan.period_start,
                                         period_end=plan.period_end).aggregate(
        v=Max("version"))["v"] + 1
    new = ServicePlan.objects.create(period_kind=plan.period_kind, period_start=plan.period_start,
                                     period_end=plan.period_end, version=version,
                                     objective=plan.objective, drafted_by=actor, previous=plan)
    PlanIndicator.objects.bulk_create(
        PlanIndicator(plan=new, code=i.code, name=i.name, formula=i.formula, target=i.target,
                      unit=i.unit, responsible_id=i.responsible_id) for i in plan.indicators.all())
    PlanResource.objects.bulk_create(
        PlanResource(plan=new, kind=r.kind, description=r.description, quantity=r.quantity)
        for r in plan.resources.all())
    PlanActivity.objects.bulk_create(
        PlanActivity(plan=new, description=a.description, responsible_id=a.responsible_id,
                     due_date=a.due_date) for a in plan.activities.all())
    _event(new, "plan.drafted", actor, {"version": version,
                                        "period_start": new.period_start.isoformat(),
                                        "period_end": new.period_end.isoformat()})
    return new
