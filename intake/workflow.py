"""
Which state changes a case allows, and which roles may make them.

Plain data and functions only: no ORM, no request, no clock. The single
writer of Case.status, services.case_transition(), asks this module first;
templates ask allowed_targets() to decide which buttons to show.
"""

from caserecord.transitions import TransitionNotAllowed, TransitionTable
from intake.choices import FINAL_STATUSES, OPEN_STATUSES
from intake.choices import CaseStatus as S
from pqr_portal.roles import CASE_HANDLERS, CASE_WORKERS, Role

R = Role


__all__ = ["TransitionNotAllowed", "allowed_targets", "check_transition", "is_final"]


_GESTORES = CASE_WORKERS  # the same people intake.policy lets work a case
_BACK = CASE_HANDLERS  # the same people who draft answers, order visits, adjust terms
_BACK_SYS = _BACK | {R.SYSTEM}

# (from, to) -> roles allowed. Anything missing is forbidden.
TRANSITIONS: dict[tuple[S, S], frozenset[Role]] = {
    (S.RADICADO, S.ASIGNADO): _GESTORES | {R.SYSTEM},
    (S.RADICADO, S.EN_TRAMITE): _GESTORES,
    (S.ASIGNADO, S.EN_TRAMITE): _GESTORES | {R.SYSTEM},
    # Quick answers at first contact (información) close at once.
    (S.RADICADO, S.CERRADO): frozenset({R.FRONT_OFFICE, R.COORDINADOR}),
    (S.EN_TRAMITE, S.EN_PRUEBAS): _BACK_SYS,
    (S.ASIGNADO, S.EN_PRUEBAS): _BACK_SYS,
    (S.EN_PRUEBAS, S.EN_TRAMITE): _BACK_SYS | {R.BRIGADISTA},
    (S.EN_TRAMITE, S.RESPUESTA_EN_REVISION): _BACK,
    (S.ASIGNADO, S.RESPUESTA_EN_REVISION): _BACK,
    (S.EN_PRUEBAS, S.RESPUESTA_EN_REVISION): _BACK,
    (S.RESPUESTA_EN_REVISION, S.DEVUELTA): frozenset({R.COORDINADOR}),
    (S.DEVUELTA, S.EN_TRAMITE): _BACK,
    (S.DEVUELTA, S.RESPUESTA_EN_REVISION): _BACK,
    # Issuing the approved letter.
    (S.RESPUESTA_EN_REVISION, S.RESPONDIDO): _BACK_SYS,
    (S.RESPONDIDO, S.NOTIFICADO): _BACK_SYS | {R.FRONT_OFFICE},
    (S.NOTIFICADO, S.CERRADO): _BACK_SYS,
    (S.NOTIFICADO, S.RECURRIDO): _GESTORES | {R.SYSTEM},
    (S.RESPONDIDO, S.RECURRIDO): _GESTORES | {R.SYSTEM},  # conducta concluyente
    (S.RECURRIDO, S.CERRADO): _BACK_SYS,
}
for _s in OPEN_STATUSES - {S.RESPONDIDO, S.NOTIFICADO, S.RECURRIDO}:
    TRANSITIONS.setdefault((_s, S.TRASLADADO), _BACK)
    TRANSITIONS.setdefault((_s, S.DESISTIDO), _BACK_SYS)
for _s in set(S) - {S.ANULADO}:
    # Annulment keeps the number and needs a reason; only the coordinator decides it.
    TRANSITIONS[(_s, S.ANULADO)] = frozenset({R.COORDINADOR})


CASE_TABLE = TransitionTable("intake.case", TRANSITIONS)


def allowed_targets(current: str, roles) -> list[S]:
    """Return the states `roles` may move a case to from `current`."""
    return [S(t) for t in CASE_TABLE.allowed_targets(current, roles)]


def check_transition(current: str, target: str, roles) -> None:
    """Raise TransitionNotAllowed unless `roles` may move `current` to `target`."""
    CASE_TABLE.check(S(current), S(target), roles)


def is_final(status: str) -> bool:
    return status in FINAL_STATUSES
