"""
Scoped reads of cases: who may see which case is decided here, once.

case_get_for() answers 404 for missing and hidden cases alike, so radicados
cannot be probed.
"""

from django.core.exceptions import FieldError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from intake import policy
from intake.choices import OPEN_STATUSES
from intake.models import Case
from pqr_portal.roles import Role


def case_queryset_for(user) -> QuerySet[Case]:
    """Return the cases `user` may see, with the relations list pages need."""
    cases = Case.objects.select_related("customer", "assignee", "causal", "response_term")
    if policy.can_view_all_cases(user):
        return cases
    if policy.can_view_own_visit_cases(user):
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


# --- staff desk reads ----------------------------------------------------------

def customer_search(query: str):
    """
    Return customers matching an account number, a document number or a name.

    Digits search the document and the accounts; words search the names (every
    word must match somewhere), so "perez maria" finds "María Pérez" typed plainly.
    """
    from django.db.models import Q

    from intake.models import Customer

    query = (query or "").strip()
    customers = Customer.objects.select_related("municipality")
    if not query:
        return customers.none()
    compact = query.replace(".", "").replace(" ", "").replace("-", "")
    if compact.isdigit():
        return customers.filter(
            Q(id_number__startswith=compact) | Q(accounts__contains=compact)
        )
    cond = Q()
    for word in query.split():
        cond &= (Q(first_name__icontains=word) | Q(last_name__icontains=word)
                 | Q(business_name__icontains=word) | Q(id_number__iexact=word))
    return customers.filter(cond)


def possible_duplicates(*, account_number: str, causal_id, exclude_pk=None):
    """Return open cases with the same account and causal: a likely duplicate."""
    if not account_number or not causal_id:
        return Case.objects.none()
    cases = (Case.objects.filter(account_number=account_number.strip(), causal_id=causal_id,
                                 status__in=OPEN_STATUSES)
             .select_related("customer", "causal").order_by("-filed_at"))
    if exclude_pk:
        cases = cases.exclude(pk=exclude_pk)
    return cases


def case_events(case):
    return case.events.select_related("actor").order_by("created_at", "pk")


def case_terms(case):
    return case.terms.prefetch_related("adjustments").order_by("created_at", "pk")


def case_attachments(case):
    return case.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")


def attachment_get_for(user, *, case_id: int, attachment_id: int):
    """Return an attachment of a case `user` may see, or raise Http404."""
    case = case_get_for(user, case_id=case_id)
    return get_object_or_404(case.attachments.all(), pk=attachment_id)
