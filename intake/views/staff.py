"""Staff pages of intake (login enforced by LoginRequiredMiddleware)."""

from django.shortcuts import get_object_or_404, render

from intake.models import Customer
from intake.selectors import case_get_for
from pqr_portal.access import role_required
from pqr_portal.roles import READ_ALL, Role


@role_required(*READ_ALL, Role.BRIGADISTA)
def case_detail(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    ctx = {
        "case": case,
        "page_title": case.radicado,
        "terms": case.terms.prefetch_related("adjustments").order_by("created_at"),
        "events": case.events.select_related("actor"),
        "attachments": case.attachments.all(),
    }
    return render(request, "intake/staff/case_detail.html", ctx)


@role_required(*READ_ALL)
def customer_detail(request, customer_id: int):
    customer = get_object_or_404(Customer, pk=customer_id)
    cases = customer.cases.select_related("response_term", "causal").order_by("-filed_at")
    return render(request, "intake/staff/customer_detail.html",
                  {"customer": customer, "cases": cases, "page_title": customer.full_name})
