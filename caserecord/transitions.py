"""
Declared status transitions: every model with a status states, once, which
moves are allowed and which roles may make each one. Its service asks the
table before it writes (and writes the event of the move); pages ask it which
buttons to show. A test walks every model with a `status` field and fails if
one has no table here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError

_TABLES: dict[str, TransitionTable] = {}


class TransitionNotAllowed(PermissionDenied):
    """
    A status change that the record's table forbids for the actor's roles.

    A PermissionDenied: the app's policy usually refuses the actor first (same
    answer, 403), and the table is the second guard of the same rule.
    """

    def __init__(self, record: str, current: str, target: str, roles):
        self.record, self.current, self.target = record, current, target
        self.roles = frozenset(roles)
        super().__init__(f"{record}: {current} -> {target} not allowed for {sorted(self.roles)}")


class TransitionTable:
    """(from, to) -> roles allowed; anything missing is forbidden."""

    def __init__(self, model_label: str, moves: dict[tuple[str, str], Iterable]):
        self.model_label = model_label
        self.moves = {(str(a), str(b)): frozenset(r) for (a, b), r in moves.items()}
        _TABLES[model_label] = self

    def allowed_targets(self, current: str, roles) -> list[str]:
        roles = frozenset(roles)
        return [t for (s, t), allowed in self.moves.items() if s == current and allowed & roles]

    def allows(self, current: str, target: str, roles) -> bool:
        return bool(self.moves.get((str(current), str(target)), frozenset()) & frozenset(roles))

    def check(self, current: str, target: str, roles) -> None:
        if not self.allows(current, target, roles):
            raise TransitionNotAllowed(self.model_label, str(current), str(target), roles)

    def require(self, current: str, target: str, roles, message) -> None:
        """
        Refuse a move before anything is written. A move the table does not
        have at all (the record is in the wrong state) raises
        ValidationError(message), for the page to show; a move it has, but not
        for these roles, raises TransitionNotAllowed.
        """
        if (str(current), str(target)) not in self.moves:
            raise ValidationError(message)
        self.check(current, target, roles)

    def states(self) -> set[str]:
        return {s for pair in self.moves for s in pair}


def table_for(model_label: str) -> TransitionTable | None:
    return _TABLES.get(model_label)


def all_tables() -> dict[str, TransitionTable]:
    return dict(_TABLES)
