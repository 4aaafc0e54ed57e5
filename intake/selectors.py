"""
Scoped reads of cases: who may see which case is decided here, once.

case_get_for() answers 404 for missing and hidden cases alike, so radicados
cannot be probed.
"""

from django.core.exceptions import FieldError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from intake.choices import OPEN_STATUSES
from intake.models import Case
from pqr_portal.access import roles_for
from pqr_portal.roles import READ_ALL, Role


def case_queryset_for(user) -> QuerySet[Case]:
    """Return the cases `user` may see, with the relations list pages need."""
    cases = Case.objects.select_related("customer", "assignee", "causal", "response_term")
    roles = roles_for(user)
    if roles & READ_ALL:
        return cases
    if Role.BRIGADISTA in roles:
        # A brigadista sees only the cases of the visits assigned to them.
        try:
            return cases.filter(revision_orders__brigadista=user).distinct()
        except FieldError:
            return cases.none()
    return cases.none()


def case_get_for(user, *, case_id: int) -> Case:
    """Return one case visible to `user`, or raise Http404."""
    return get_object_or_404(case_queryset_for(user), pk=case_id)


def work_summary_for(user, role: Role) -> dict:
    """Return the counters and short lists a role's landing page shows."""
    cases = case_queryset_for(user)
    open_cases = cases.filter(status__in=OPEN_STATUSES)
    ctx = {
        "open_count": open_cases.count(),
        "mine": open_cases.filter(assignee=user).order_by("response_term__due_at")[:10],
        "unassigned": open_cases.filter(assignee__isnull=True).order_by("filed_at")[:10]
        if role in (Role.COORDINADOR, Role.BACK_OFFICE, Role.FRONT_OFFICE) else [],
        "due_soon": open_cases.filter(
            response_term__band__in=["por_vencer", "vence_hoy", "vencido"]
        ).order_by("response_term__due_at")[:10],
    }
    return ctx
