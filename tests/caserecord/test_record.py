"""The record layer: events rendered at display time, declared kinds only, append-only rows."""

import pytest
from django.utils import translation

from caserecord.kinds import UnknownEventKind, kinds_all
from caserecord.models import Event
from caserecord.services import event_record, events_record_bulk, record_history
from compliance.models import ExtraClosure
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_summary_is_rendered_from_the_kind_with_the_stored_facts(back_office):
    case = make_case()
    event = event_record(case=case, kind="case.assigned", actor=back_office,
                         data={"from": None, "to": back_office.pk, "name": "Ana Gestora"})
    stored = Event.objects.get(pk=event.pk)
    # Nothing translated is stored: the sentence comes from the registry when shown.
    assert "Asignado" not in str(stored.data)
    with translation.override("es"):
        assert stored.summary == "Asignado a Ana Gestora"


def test_iso_dates_in_the_data_read_the_colombian_way():
    case = make_case()
    event = event_record(case=case, kind="term.resumed", data={"due_date": "2026-09-22"})
    assert "22/09/2026" in event.summary


def test_a_note_typed_by_a_person_is_appended():
    case = make_case()
    event = event_record(case=case, kind="case.note", note="Llamó el usuario")
    assert event.summary.endswith("Llamó el usuario")


def test_public_visibility_defaults_to_the_kind_and_can_be_overridden():
    case = make_case()
    assert event_record(case=case, kind="term.suspended",
                        data={"starts_on": "2026-09-02", "cause": "pruebas"}).public is True
    assert event_record(case=case, kind="case.note", note="x").public is False
    assert event_record(case=case, kind="case.note", note="x", public=True).public is True


def test_an_undeclared_kind_is_refused_and_nothing_is_written():
    case = make_case()
    with pytest.raises(UnknownEventKind):
        event_record(case=case, kind="case.invented", note="x")
    with pytest.raises(UnknownEventKind):
        events_record_bulk([{"case": case, "kind": "case.note"}, {"case": case, "kind": "nope"}])
    assert not Event.objects.filter(case=case, kind__in=["case.invented", "nope"]).exists()


def test_events_are_append_only_in_python():
    case = make_case()
    event = event_record(case=case, kind="case.note", note="x")
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_records_that_are_not_cases_keep_their_history(coordinador):
    from compliance.services import closure_save

    closure = closure_save(closure=None, day=__import__("datetime").date(2026, 12, 24),
                           name="Novena", formally_adopted=False, actor=coordinador)
    history = list(record_history(closure))
    assert [e.kind for e in history] == ["closure.saved"]
    assert history[0].actor == coordinador
    assert history[0].case_id is None
    assert ExtraClosure.objects.filter(pk=closure.pk).exists()


def test_every_kind_names_its_app_and_a_spanish_label():
    kinds = kinds_all()
    assert len(kinds) > 40
    apps = {k.app for k in kinds}
    assert {"caserecord", "intake", "compliance", "responses", "field_visits"} <= apps
    for kind in kinds:
        assert str(kind.label).strip(), kind.code
