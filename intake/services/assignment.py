"""
Who gets the next case: manual choice or round robin among the gestores of a group.

The round-robin pointer is a DocumentCounter row (series "turno:<group>", year 0)
whose last_number holds the pk of the last user served. It is row-locked like
the radicado counter, so two coordinators distributing at once never give the
same turn twice.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from caserecord.models import DocumentCounter
from pqr_portal.roles import CASE_WORKERS, GROUP_NAMES, Role

# The role whose gestores take cases in turn by default.
DEFAULT_ROUND_ROBIN_ROLE = Role.BACK_OFFICE
ASSIGNABLE_ROLES = CASE_WORKERS  # a case goes to someone who may work it (intake.policy)


def gestores_of(role: Role = DEFAULT_ROUND_ROBIN_ROLE):
    """Return the active users of a role's group, in a stable order (pk)."""
    return (get_user_model().objects
            .filter(groups__name=GROUP_NAMES[role], is_active=True)
            .order_by("pk"))


def assignable_users():
    """Return the users a case may be assigned to (any case-working group)."""
    names = [GROUP_NAMES[r] for r in ASSIGNABLE_ROLES]
    return (get_user_model().objects.filter(groups__name__in=names, is_active=True)
            .distinct().order_by("first_name", "last_name", "username"))


@transaction.atomic
def round_robin_next(*, role: Role = DEFAULT_ROUND_ROBIN_ROLE, count: int = 1) -> list:
    """
    Return the next `count` gestores of `role` in turn (repeating when count > team size).

    Return an empty list when the group has nobody active.
    """
    team = list(gestores_of(role))
    if not team:
        return []
    series = f"turno:{role.value}"
    DocumentCounter.objects.get_or_create(series=series, year=0)
    pointer = DocumentCounter.objects.select_for_update().get(series=series, year=0)
    # Start after the last user served; a user who left the group is simply skipped.
    start = next((i for i, u in enumerate(team) if u.pk > pointer.last_number), 0)
    chosen = [team[(start + k) % len(team)] for k in range(count)]
    pointer.last_number = chosen[-1].pk
    pointer.save(update_fields=["last_number"])
    return chosen
