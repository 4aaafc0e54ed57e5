"""
Alerts that are not a band change: a suspension about to end, a visit that
failed while the term stood still, an electronic notice that never left.
Who receives them: the case's owner, and the coordinators when the case has
none (or when the matter is theirs: a notice that failed).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from compliance.models import Alert, Term
from pqr_portal.roles import GROUP_NAMES, Role


def coordinator_ids() -> list[int]:
    """The active coordinators: they receive what nobody owns and the daily digest."""
    return list(get_user_model().objects.filter(
        is_active=True, groups__name=GROUP_NAMES[Role.COORDINADOR]).values_list("pk", flat=True))


def alert_raise(*, term: Term, reason: str, to_coordinators: bool = False,
                now: datetime | None = None) -> int:
    """
    Alert the owner of the term's case about `term` for `reason` (Alert.Reason);
    the coordinators too when `to_coordinators`, or instead when the case is
    unassigned. Once per term, band, person and reason. Return alerts created.
    """
    now = now or timezone.now()
    assignee = type(term).objects.filter(pk=term.pk).values_list("case__assignee_id",
                                                                  flat=True).first()
    recipients = {assignee} if assignee else set()
    if to_coordinators or not recipients:
        recipients |= set(coordinator_ids())
    rows = [Alert(recipient_id=uid, case_id=term.case_id, term_id=term.pk, band=term.band,
                  reason=reason, created_at=now) for uid in sorted(recipients)]
    before = Alert.objects.filter(term_id=term.pk, reason=reason).count()
    Alert.objects.bulk_create(rows, ignore_conflicts=True)
    return Alert.objects.filter(term_id=term.pk, reason=reason).count() - before
