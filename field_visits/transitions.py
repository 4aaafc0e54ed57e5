"""
Which status changes revision orders and visits allow, and which roles may make them.

Plain data: field_visits.services asks these tables before it writes a
status (and writes the event of the move in the same transaction). An order
is born `pendiente`, a visit `programada`. One action often moves both
records (programming, the failed visit, the acta, the annulment): each
record is checked against its own table and the action writes one event
that names both.

An acta has no status: it is immutable, and a correction is a new acta
linked to the one it corrects.
"""

from caserecord.transitions import TransitionTable
from field_visits.models import RevisionOrder, Visit
from pqr_portal.roles import Role

PROGRAMMERS = frozenset({Role.COORDINADOR, Role.BACK_OFFICE})
CREW = frozenset({Role.BRIGADISTA})

_O = RevisionOrder.Status
ORDER_TABLE = TransitionTable("field_visits.revisionorder", {
    (_O.PENDING, _O.SCHEDULED): PROGRAMMERS,   # visit_schedule (a reprogramming keeps it)
    (_O.SCHEDULED, _O.PENDING): CREW,          # visit_fail: back to the unscheduled list
    (_O.SCHEDULED, _O.EXECUTED): CREW,         # acta_submit
    (_O.PENDING, _O.CANCELLED): PROGRAMMERS,   # order_cancel
    (_O.SCHEDULED, _O.CANCELLED): PROGRAMMERS,  # order_cancel (its visit is cancelled too)
})

_V = Visit.Status
VISIT_TABLE = TransitionTable("field_visits.visit", {
    (_V.SCHEDULED, _V.RESCHEDULED): PROGRAMMERS,  # visit_schedule: kept as history
    (_V.SCHEDULED, _V.EXECUTED): CREW,            # acta_submit
    (_V.SCHEDULED, _V.FAILED): CREW,              # visit_fail
    (_V.SCHEDULED, _V.CANCELLED): PROGRAMMERS,    # order_cancel
})
