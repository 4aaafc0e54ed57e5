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


__all__ = ["FINAL_ACTS", "HAND_TARGETS", "FinalStateWithoutAct", "TransitionNotAllowed", "allowed_targets",
           "check_transition", "check_final_act", "is_final"]


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
    # A desistimiento tácito is an act notified with reposición: the case ends as
    # desistido once the recurso window ran out or the recursos were resolved.
    (S.NOTIFICADO, S.DESISTIDO): frozenset({R.SYSTEM}),
    (S.RECURRIDO, S.DESISTIDO): frozenset({R.SYSTEM}),
}
for _s in OPEN_STATUSES - {S.RESPONDIDO, S.NOTIFICADO, S.RECURRIDO}:
    TRANSITIONS.setdefault((_s, S.TRASLADADO), _BACK)
    TRANSITIONS.setdefault((_s, S.DESISTIDO), _BACK)
for _s in set(S) - {S.ANULADO}:
    # Annulment keeps the number and needs a reason; only the coordinator decides it.
    TRANSITIONS[(_s, S.ANULADO)] = frozenset({R.COORDINADOR})


CASE_TABLE = TransitionTable("intake.case", TRANSITIONS)

# A final state is reached only through the legal act that produces it, each with its
# service (docs/transitions.md): the state buttons never offer one.
FINAL_ACTS: dict[S, frozenset[str]] = {
    # The decision notified and the recurso window run out (or the recursos resolved);
    # information answered at first contact.
    S.CERRADO: frozenset({"decision_notified", "recursos_resolved", "quick_answer"}),
    S.DESISTIDO: frozenset({"desistimiento_expreso", "desistimiento_tacito"}),
    S.TRASLADADO: frozenset({"traslado_competencia"}),
    S.ANULADO: frozenset({"anulacion"}),
}
# What the plain state buttons of the case page may do: take a case up. Every other
# move is made by its own service (answers, visits, notification, recursos, acts).
HAND_TARGETS = frozenset({S.EN_TRAMITE})


def allowed_targets(current: str, roles) -> list[S]:
    """Return the states `roles` may move a case to from `current`."""
    return [S(t) for t in CASE_TABLE.allowed_targets(current, roles)]


def check_transition(current: str, target: str, roles) -> None:
    """Raise TransitionNotAllowed unless `roles` may move `current` to `target`."""
    CASE_TABLE.check(S(current), S(target), roles)


class FinalStateWithoutAct(TransitionNotAllowed):
    """A final state asked for without the legal act that reaches it."""

    def __init__(self, target: str, act: str | None):
        super().__init__("intake.case", "", target, ())
        self.act = act
        self.args = (f"intake.case: {target} is reached only by its act "
                     f"({', '.join(sorted(FINAL_ACTS[S(target)]))}), not {act!r}",)


def check_final_act(target: str, act: str | None) -> None:
    """Raise FinalStateWithoutAct if `target` is final and `act` is not one that reaches it."""
    if target in FINAL_STATUSES and act not in FINAL_ACTS[S(target)]:
        raise FinalStateWithoutAct(target, act)


def is_final(status: str) -> bool:
    return status in FINAL_STATUSES
