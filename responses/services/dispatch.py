"""
The one "Registrar envío" of a letter: a citation's postal guide is the
notification's own step (its terms count from it); any other letter's dispatch
is the communication's. Kept above both modules so neither imports the other.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from responses.models import Communication
from responses.services.communications import communication_record_dispatch, is_pending_citation
from responses.services.notification import notification_citation_dispatch


def letter_dispatch_record(*, communication: Communication, actor, reference: str,
                           at: datetime | None = None) -> Communication:
    if is_pending_citation(communication):
        notification_citation_dispatch(notification=communication.notification, actor=actor,
                                       guide=reference, dispatched_at=at or timezone.now())
        communication.refresh_from_db()
        return communication
    return communication_record_dispatch(communication=communication, actor=actor,
                                         reference=reference, at=at)
