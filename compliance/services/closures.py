"""Company closures: an adopted one moves the running terms that span it."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance import policy
from compliance.models import ExtraClosure, Term, TermAdjustment
from compliance.services.adjustments import _due_recalculate
from pqr_portal.access import require

# --- company closures ------------------------------------------------------------

def _terms_recompute_around(day: date) -> int:
    """
    Recompute the open business-day terms whose count spans `day` (an adopted
    closure added, changed or removed). Bounded to the terms running over that
    day, which is what a closure can move. The due date depends on each
    term's own history, so it is worked out in Python, but in batches: one
    query for the terms, one for their adjustments and one UPDATE per batch.
    """
    now = timezone.now()
    pks = list(Term.objects.select_for_update()
               .filter(met_at__isnull=True, cancelled_at__isnull=True,
                       unit=Term.Unit.BUSINESS_DAYS, starts_on__lt=day, due_date__gte=day)
               .values_list("pk", flat=True))
    for chunk in _chunks(pks, RECOMPUTE_BATCH):
        terms = list(Term.objects.filter(pk__in=chunk).only(
            "pk", "starts_on", "length", "suspended_since", "band", "due_date", "due_at"))
        adjustments: dict[int, list[TermAdjustment]] = {}
        for adj in TermAdjustment.objects.filter(term_id__in=chunk).only(
                "pk", "term_id", "cause", "starts_on", "ends_on", "extra_days"):
            adjustments.setdefault(adj.term_id, []).append(adj)
        for term in terms:
            _due_recalculate(term, now, adjustments.get(term.pk, []))
        Term.objects.bulk_update(terms, ["due_date", "due_at", "band"])
    return len(pks)


RECOMPUTE_BATCH = 2000


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


@transaction.atomic
def closure_save(*, closure: ExtraClosure | None, day: date, name: str, formally_adopted: bool,
                 document_reference: str = "", actor=None) -> ExtraClosure:
    """Create or change a company closure; adopted ones move the terms that span them."""
    require(policy.can_edit_calendar(actor))
    old = None
    if closure is None:
        closure = ExtraClosure()
    else:
        old = (closure.date, closure.formally_adopted)
    closure.date, closure.name = day, name
    closure.formally_adopted, closure.document_reference = formally_adopted, document_reference
    closure.full_clean()
    closure.save()
    if old is not None and old[1]:
        _terms_recompute_around(old[0])
    if formally_adopted:
        _terms_recompute_around(day)
    event_record(kind="closure.saved", record=closure, actor=actor,
                 data={"date": day, "name": name, "adopted": _("sí") if formally_adopted else _("no"),
                       "document_reference": document_reference})
    return closure


@transaction.atomic
def closure_delete(*, closure: ExtraClosure, actor=None) -> None:
    require(policy.can_edit_calendar(actor))
    day, adopted = closure.date, closure.formally_adopted
    event_record(kind="closure.deleted", record=closure, actor=actor,
                 data={"date": day, "name": closure.name})
    closure.delete()
    if adopted:
        _terms_recompute_around(day)
