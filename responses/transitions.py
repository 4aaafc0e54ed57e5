"""
Which status changes an answer allows, and which roles may make each one.

Plain data: responses.services asks RESPONSE_TABLE before it writes a
Response.status (and writes the event of the move in the same transaction).
An answer is born a draft (borrador); `descartada` has no move yet: no
service discards an answer today (see docs/transitions.md).

The other records of this app have no status field: an issued letter never
changes, and the phases of a notification, a recurso, a traslado to the
SSPD, a tutela and a SAP recognition are the instants recorded on them
(docs/transitions.md says why).
"""

from caserecord.transitions import TransitionTable
from pqr_portal.roles import Role
from responses.models import Response

_S = Response.Status
DRAFTERS = frozenset({Role.BACK_OFFICE, Role.COORDINADOR})
REVIEWERS = frozenset({Role.COORDINADOR})

RESPONSE_TABLE = TransitionTable("responses.response", {
    (_S.BORRADOR, _S.EN_REVISION): DRAFTERS,     # response_submit
    (_S.DEVUELTA, _S.EN_REVISION): DRAFTERS,     # response_submit, after the corrections
    (_S.EN_REVISION, _S.DEVUELTA): REVIEWERS,    # response_return, with observations
    (_S.EN_REVISION, _S.APROBADA): REVIEWERS,    # response_approve, after the checks
    (_S.APROBADA, _S.EMITIDA): DRAFTERS,         # response_issue: radicado, PDF, notification
})
