"""Work teams: the coordinator names a team and chooses its members."""

from __future__ import annotations

from django.db import transaction

from caserecord.services import event_record
from intake import policy
from intake.models import Team
from pqr_portal.access import require


@transaction.atomic
def team_save(*, actor, name: str, members, team: Team | None = None) -> Team:
    """Create `team` (None) or rename it and set its members; one event with who is in it."""
    require(policy.can_manage_teams(actor))
    team = team or Team()
    team.name = name.strip()
    team.save()
    team.members.set(members)
    event_record(kind="team.saved", record=team, actor=actor,
                 data={"name": team.name, "members": sorted(u.pk for u in members)})
    return team
