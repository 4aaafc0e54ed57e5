"""The transition tables of revision orders and visits, enforced by their services (no HTTP)."""

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caserecord.models import Event
from caserecord.services import record_history
from field_visits import services
from field_visits.models import Acta, RevisionOrder, Visit
from field_visits.transitions import ORDER_TABLE, VISIT_TABLE
from pqr_portal.roles import Role
from tests.factories import make_case
from tests.field_visits.helpers import make_order, next_weekday, schedule, submit_acta

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def drop_roles(user):
    """The person keeps the visit but loses the brigadista role (and its cached roles)."""
    user.groups.clear()
    user.__dict__.pop("_pqr_roles", None)


def restore_brigadista(user):
    from django.contrib.auth.models import Group

    from pqr_portal.roles import GROUP_NAMES

    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.BRIGADISTA]))
    user.__dict__.pop("_pqr_roles", None)


def test_tables_offer_each_role_its_own_moves():
    assert set(ORDER_TABLE.allowed_targets("programada", {Role.BRIGADISTA})) == {
        "pendiente", "ejecutada"}
    assert ORDER_TABLE.allowed_targets("programada", {Role.BACK_OFFICE}) == ["anulada"]
    assert ORDER_TABLE.allowed_targets("ejecutada", {Role.COORDINADOR}) == []
    assert set(VISIT_TABLE.allowed_targets("programada", {Role.COORDINADOR})) == {
        "reprogramada", "anulada"}
    assert VISIT_TABLE.allowed_targets("fallida", {Role.BRIGADISTA}) == []


def test_programming_moves_the_order_and_writes_its_event(back_office, brigadista):
    order = make_order(make_case(), back_office)
    visit, _warnings = schedule(order, brigadista, back_office, day=next_weekday())
    order.refresh_from_db()
    assert order.status == RevisionOrder.Status.SCHEDULED
    event = record_history(order).get(kind="visit.scheduled")
    assert event.data["visit_id"] == visit.pk and event.case_id == order.case_id


def test_a_brigadista_may_not_programme_and_nothing_is_written(back_office, brigadista):
    order = make_order(make_case(), back_office)
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        schedule(order, brigadista, brigadista, day=next_weekday())
    order.refresh_from_db()
    assert order.status == RevisionOrder.Status.PENDING and order.brigadista is None
    assert not Visit.objects.exists() and Event.objects.count() == before


def test_reprogramming_keeps_the_visit_as_history_only_for_programmers(
        back_office, coordinador, brigadista):
    order = make_order(make_case(), back_office)
    first, _w = schedule(order, brigadista, back_office, day=next_weekday())
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        schedule(order, brigadista, brigadista, day=next_weekday(2), start=time(13),
                 end=time(15))
    first.refresh_from_db()
    assert first.status == Visit.Status.SCHEDULED and Event.objects.count() == before
    second, _w = schedule(order, brigadista, coordinador, day=next_weekday(2), start=time(13),
                          end=time(15))
    first.refresh_from_db()
    assert first.status == Visit.Status.RESCHEDULED and first.replaced_by == second
    assert record_history(order).get(kind="visit.rescheduled").data["previous_visit_id"] == \
        first.pk


def test_failed_visit_sends_the_order_back_with_its_event(back_office, brigadista):
    order = make_order(make_case(), back_office)
    visit, _w = schedule(order, brigadista, back_office, day=next_weekday())
    services.visit_fail(visit=visit, actor=brigadista, reason=Visit.FailureReason.NOBODY_HOME)
    visit.refresh_from_db()
    order.refresh_from_db()
    assert visit.status == Visit.Status.FAILED and order.status == RevisionOrder.Status.PENDING
    assert record_history(order).get(kind="visit.failed").data["visit_id"] == visit.pk


def test_a_visit_fails_only_once_and_only_for_a_brigadista(back_office, brigadista):
    order = make_order(make_case(), back_office)
    visit, _w = schedule(order, brigadista, back_office, day=next_weekday())
    drop_roles(brigadista)
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.visit_fail(visit=visit, actor=brigadista, reason=Visit.FailureReason.NO_ACCESS)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SCHEDULED and Event.objects.count() == before

    services.order_cancel(order=order, actor=back_office, reason="Duplicada")
    restore_brigadista(brigadista)
    before = Event.objects.count()
    with pytest.raises(ValidationError, match="ya no está programada"):
        services.visit_fail(visit=visit, actor=brigadista, reason=Visit.FailureReason.NO_ACCESS)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CANCELLED and Event.objects.count() == before


def test_cancel_moves_order_and_visit_with_one_event(back_office, coordinador, brigadista):
    order = make_order(make_case(), back_office)
    visit, _w = schedule(order, brigadista, back_office, day=next_weekday())
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.order_cancel(order=order, actor=brigadista, reason="No voy")
    order.refresh_from_db()
    assert order.status == RevisionOrder.Status.SCHEDULED and Event.objects.count() == before
    services.order_cancel(order=order, actor=coordinador, reason="Duplicada")
    order.refresh_from_db()
    visit.refresh_from_db()
    assert order.status == RevisionOrder.Status.CANCELLED
    assert visit.status == Visit.Status.CANCELLED
    event = record_history(order).get(kind="revision_order.cancelled")
    assert event.note == "Duplicada" and event.data["visit_ids"] == [visit.pk]
    assert (event.data["from"], event.data["to"]) == ("programada", "anulada")


def test_an_executed_order_is_not_cancelled(back_office, brigadista):
    order = make_order(make_case(), back_office)
    visit, _w = schedule(order, brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista)
    order.refresh_from_db()
    assert order.status == RevisionOrder.Status.EXECUTED
    assert record_history(order).get(kind="visit.completed").data["acta_id"] == acta.pk
    before = Event.objects.count()
    with pytest.raises(ValidationError, match="sin ejecutar"):
        services.order_cancel(order=order, actor=back_office, reason="Tarde")
    order.refresh_from_db()
    assert order.status == RevisionOrder.Status.EXECUTED and Event.objects.count() == before


def test_acta_needs_the_brigadista_role_even_from_the_assigned_person(back_office, brigadista):
    order = make_order(make_case(), back_office)
    visit, _w = schedule(order, brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    drop_roles(brigadista)
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        submit_acta(visit, brigadista)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SCHEDULED
    assert not Acta.objects.exists() and Event.objects.count() == before
