"""Every model with a status has a declared transition table, and the tables are sound."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError

from caserecord.transitions import TransitionNotAllowed, all_tables, table_for
from pqr_portal.roles import Role

PROJECT_APPS = ("caserecord", "compliance", "intake", "field_visits", "responses", "reports")


def _status_fields():
    """(model label, status field) of every project model whose `status` has choices."""
    found = []
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            try:
                field = model._meta.get_field("status")
            except FieldDoesNotExist:
                continue
            if field.choices:
                found.append((model._meta.label_lower, field))
    return found


def _choices(field) -> set[str]:
    return {str(value) for value, _label in field.flatchoices}


def test_the_walk_sees_the_models_with_a_status():
    labels = {label for label, _field in _status_fields()}
    # A guard on the walk itself: if it found nothing, the next test would pass vacuously.
    assert {"intake.case", "responses.response", "field_visits.revisionorder",
            "field_visits.visit"} <= labels


def test_every_model_with_a_status_has_a_declared_table():
    tables = all_tables()
    missing = sorted(label for label, _field in _status_fields() if label not in tables)
    assert missing == [], f"models with a status and no TransitionTable: {missing}"


def test_every_table_belongs_to_a_model_with_a_status_and_uses_its_choices():
    for label, table in all_tables().items():
        model = apps.get_model(label)
        field = model._meta.get_field("status")  # a table for a model without status is a typo
        unknown = table.states() - _choices(field)
        assert not unknown, f"{label}: states {sorted(unknown)} are not choices of its status"
        assert table.moves, f"{label}: a table without moves"


def test_every_move_names_at_least_one_known_role():
    for label, table in all_tables().items():
        for move, roles in table.moves.items():
            assert roles, f"{label} {move}: nobody may make this move"
            assert roles <= set(Role), f"{label} {move}: unknown roles {roles - set(Role)}"
            assert move[0] != move[1], f"{label} {move}: staying in a state is not a move"


def test_require_tells_a_wrong_state_from_a_wrong_role():
    table = table_for("responses.response")
    with pytest.raises(ValidationError) as wrong_state:
        table.require("borrador", "emitida", {Role.COORDINADOR}, "Solo una aprobada.")
    assert wrong_state.value.messages == ["Solo una aprobada."]
    with pytest.raises(TransitionNotAllowed):
        table.require("en_revision", "aprobada", {Role.BACK_OFFICE}, "no")
    table.require("en_revision", "aprobada", {Role.COORDINADOR}, "no")  # allowed: no error


def test_docs_list_every_table():
    text = (Path(settings.BASE_DIR) / "docs" / "transitions.md").read_text(encoding="utf-8")
    undocumented = sorted(label for label in all_tables() if f"`{label}`" not in text)
    assert undocumented == [], f"docs/transitions.md does not describe {undocumented}"
