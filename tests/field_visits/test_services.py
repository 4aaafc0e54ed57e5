"""Services of field visits: orders, programming, acta, failed visit, immutability, events."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from caserecord.models import OutgoingEmail
from field_visits import services
from field_visits.models import Acta, ActaPhoto, RevisionOrder, Visit
from intake.choices import CaseStatus, NotifyBy
from intake.models import Attachment
from intake.services import case_assign
from pqr_portal.dates import long_date
from pqr_portal.roles import Role
from tests.factories import make_case, make_user
from tests.field_visits.helpers import (
    ACTA_DATA,
    jpeg_upload,
    make_order,
    next_weekday,
    png_data_url,
    schedule,
    submit_acta,
)

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


def kinds(case):
    return list(case.events.values_list("kind", flat=True))


def test_order_from_case_gets_its_own_number_and_an_event(back_office):
    case = make_case()
    first = make_order(case, back_office, meter_serial="ABC-1")
    second = make_order(case, back_office)
    year = timezone.localdate().year
    assert first.number == f"OR-{year}-00001"
    assert second.number == f"OR-{year}-00002"
    assert first.status == RevisionOrder.Status.PENDING
    assert first.meter_serial == "ABC-1"
    assert first.case.revision_orders.count() == 2
    assert kinds(case).count("revision_order.created") == 2
    event = case.events.get(kind="revision_order.created", data__order_id=first.pk)
    assert event.public and first.number in event.summary


def test_order_refused_for_a_closed_case(back_office, coordinador):
    from intake.services import case_annul

    case = make_case()
    case_annul(case=case, reason="Duplicado", actor=coordinador)
    with pytest.raises(ValidationError):
        make_order(case, back_office)
    assert not RevisionOrder.objects.exists()


def test_scheduling_assigns_brigadista_records_event_and_informs_user_by_email(
        back_office, brigadista):
    case = make_case(notify_by=NotifyBy.EMAIL, notify_email="usuaria@example.com",
                     electronic_consent=True)
    order = make_order(case, back_office)
    day = next_weekday()
    visit, warnings = schedule(order, brigadista, back_office, day=day)
    order.refresh_from_db()
    assert warnings == []
    assert order.status == RevisionOrder.Status.SCHEDULED and order.brigadista == brigadista
    assert visit.status == Visit.Status.SCHEDULED and visit.sequence == 1
    event = case.events.get(kind="visit.scheduled")
    assert event.public and day.strftime("%Y-%m-%d") == event.data["planned_date"]
    assert "programada" in event.summary
    email = OutgoingEmail.objects.get(case=case, purpose="visit.scheduled")
    assert email.to == ["usuaria@example.com"]
    assert long_date(day) + ", de 8:00 a. m. a" in email.body and order.address in email.body
    assert "AM" not in email.body and "entre las" not in email.body
    assert long_date(day) + ", de 8:00 a. m. a" in event.summary
    informed = case.events.get(kind="user.informed", data__purpose="visit.scheduled")
    assert informed.data["channel"] == "email"


def test_postal_user_message_is_recorded_on_the_case(back_office, brigadista):
    case = make_case()
    order = make_order(case, back_office)
    schedule(order, brigadista, back_office, day=next_weekday())
    informed = case.events.get(kind="user.informed")
    assert informed.data["channel"] == "postal"
    assert "visita técnica" in informed.data["message"]
    assert not OutgoingEmail.objects.filter(case=case).exists()


def test_reprogramming_keeps_history(back_office, brigadista):
    other = make_user(Role.BRIGADISTA, username="brig2")
    order = make_order(make_case(), back_office)
    first, _ = schedule(order, brigadista, back_office, day=next_weekday(1))
    second, _ = schedule(order, other, back_office, day=next_weekday(3), note="Usuario pidió")
    first.refresh_from_db()
    order.refresh_from_db()
    assert first.status == Visit.Status.RESCHEDULED and first.replaced_by == second
    assert second.status == Visit.Status.SCHEDULED
    assert order.brigadista == other
    assert order.visits.count() == 2
    assert kinds(order.case).count("visit.rescheduled") == 1
    ev = order.case.events.get(kind="visit.rescheduled")
    assert ev.data["previous_visit_id"] == first.pk


@override_settings(PQR_VISITS_PER_BRIGADISTA_PER_DAY=2)
def test_capacity_warning_when_exceeded(back_office, brigadista):
    day = next_weekday()
    results = [schedule(make_order(make_case(), back_office), brigadista, back_office, day=day)
               for _ in range(3)]
    assert results[0][1] == [] and results[1][1] == []
    assert len(results[2][1]) == 1 and "capacidad es de 2" in results[2][1][0]
    # Still programmed: the warning informs, the coordinator decides.
    assert Visit.objects.filter(planned_date=day, status="programada").count() == 3
    assert results[2][0].sequence == 3


def test_schedule_rejects_non_brigadista_past_date_and_bad_window(back_office, front_office,
                                                                  brigadista):
    order = make_order(make_case(), back_office)
    with pytest.raises(ValidationError):
        schedule(order, front_office, back_office, day=next_weekday())
    with pytest.raises(ValidationError):
        schedule(order, brigadista, back_office, day=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        schedule(order, brigadista, back_office, day=next_weekday(), start=time(10), end=time(9))
    assert not Visit.objects.exists()


def test_acta_requires_safety_check_first(back_office, brigadista):
    order = make_order(make_case(), back_office)
    visit, _ = schedule(order, brigadista, back_office)
    with pytest.raises(ValidationError):
        submit_acta(visit, brigadista)
    with pytest.raises(ValidationError):
        services.visit_safety_check(visit=visit, actor=brigadista, items=["epp"])
    visit.refresh_from_db()
    assert visit.safety_checked_at is None
    assert not Acta.objects.exists()


def test_only_the_assigned_brigadista_submits(back_office, brigadista):
    other = make_user(Role.BRIGADISTA, username="brig2")
    visit, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    with pytest.raises(PermissionDenied):
        services.visit_safety_check(visit=visit, actor=other, items=services.SAFETY_ITEMS)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    with pytest.raises(PermissionDenied):
        submit_acta(visit, other)


def test_acta_submission_stores_everything_attaches_pdf_and_sends_copy(back_office, brigadista):
    case = make_case(notify_by=NotifyBy.EMAIL, notify_email="usuaria@example.com",
                     electronic_consent=True)
    order = make_order(case, back_office)
    visit, _ = schedule(order, brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista, photos=[jpeg_upload(), jpeg_upload("b.jpg", gps=False)])
    visit.refresh_from_db()
    order.refresh_from_db()
    assert visit.status == Visit.Status.EXECUTED and order.status == RevisionOrder.Status.EXECUTED
    assert acta.number == f"{order.number}-A1"
    assert [s.number for s in acta.seals_found] == ["SF-1001"]
    assert [s.number for s in acta.seals_installed] == ["SI-2002"]
    photos = list(acta.photos.all())
    assert len(photos) == 2
    # Resized on the server, with the EXIF time and GPS position kept as data.
    assert max(photos[0].width, photos[0].height) == 1600
    assert float(photos[0].latitude) == pytest.approx(10.99, abs=0.001)
    assert float(photos[0].longitude) == pytest.approx(-74.795, abs=0.001)
    assert timezone.localtime(photos[0].taken_at).strftime("%H:%M") == "09:14"
    assert photos[1].latitude is None
    with photos[0].image.open("rb") as fh:
        assert fh.read(3) == b"\xff\xd8\xff"
    att = Attachment.objects.get(case=case, kind=Attachment.Kind.ACTA)
    assert acta.pdf == att and att.content_type == "application/pdf"
    with att.file.open("rb") as fh:
        assert fh.read(4) == b"%PDF"
    email = OutgoingEmail.objects.get(case=case, purpose="visit.acta_copy")
    assert email.attachments[0]["path"] == att.file.name
    assert "visit.completed" in kinds(case)
    assert case.events.get(kind="visit.completed").public


def test_signatures_must_be_real_non_blank_pngs(back_office, brigadista):
    visit, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    bad = [
        "", png_data_url(blank=True), "data:image/png;base64,bm90IGEgcG5n",
        "data:image/jpeg;base64,/9j/4AAQ",
    ]
    for value in bad:
        with pytest.raises(ValidationError) as err:
            services.acta_submit(
                visit=visit, actor=brigadista, visit_date=visit.planned_date,
                arrived=time(8), departed=time(9),
                data={"attendance": "presente", "attendant_name": "A", "attendant_id_number": "1",
                      "attendant_relation": "Dueño", "meter_brand": "X", "meter_serial": "S",
                      "meter_type": "otro", "reading_active": "1", "anomalies": ["ninguna"]},
                signature_attendant=value, signature_brigadista=png_data_url())
        assert "signature_attendant" in err.value.message_dict
    assert not Acta.objects.exists()


def test_absent_or_refused_needs_a_witness(back_office, brigadista):
    visit, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    with pytest.raises(ValidationError) as err:
        submit_acta(visit, brigadista, attendance="se_nego")
    assert "witness_name" in err.value.message_dict
    acta = submit_acta(visit, brigadista, attendance="se_nego", witness_name="Pedro Vecino",
                       witness_id_number="7222333")
    assert acta.witness_name == "Pedro Vecino"


def test_submitted_acta_is_immutable_and_corrections_are_linked(back_office, brigadista):
    case = make_case()
    visit, _ = schedule(make_order(case, back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista)
    acta.meter_serial = "OTRO"
    with pytest.raises(ValueError):
        acta.save()
    with pytest.raises(ValueError):
        acta.delete()
    with pytest.raises(ValueError):
        acta.save(update_fields=["meter_serial"])
    with pytest.raises(ValueError):
        acta.save(update_fields=["pdf"])  # the PDF is linked once, at submission
    seal = acta.seals.first()
    seal.number = "X"
    with pytest.raises(ValueError):
        seal.save()
    with pytest.raises(ValueError):
        acta.photos.first().delete()
    acta = Acta.objects.get(pk=acta.pk)
    with pytest.raises(PermissionDenied):
        services.acta_correct(acta=acta, actor=back_office, reason="x",
                              changes={"meter_serial": "MTR-778898"})
    fixed = services.acta_correct(acta=acta, actor=brigadista, reason="Serie mal digitada",
                                  changes={"meter_serial": "MTR-778898"})
    assert fixed.corrects == acta and fixed.number.endswith("-A2")
    assert Acta.objects.get(pk=acta.pk).meter_serial == "MTR-778899"
    assert fixed.meter_serial == "MTR-778898"
    assert fixed.seals.count() == 2 and fixed.photos.count() == 1
    assert Attachment.objects.filter(case=case, kind=Attachment.Kind.ACTA).count() == 2
    assert "acta.corrected" in kinds(case)
    assert ActaPhoto.objects.count() == 2


def test_a_second_acta_for_an_executed_visit_is_refused(back_office, brigadista):
    visit, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    submit_acta(visit, brigadista)
    with pytest.raises(ValidationError):
        submit_acta(visit, brigadista)
    assert Acta.objects.count() == 1


def test_failed_visit_sends_order_back_for_reprogramming(back_office, brigadista):
    case = make_case()
    order = make_order(case, back_office)
    visit, _ = schedule(order, brigadista, back_office)
    with pytest.raises(ValidationError):
        services.visit_fail(visit=visit, actor=brigadista, reason="otro", note="")
    services.visit_fail(visit=visit, actor=brigadista, reason="nadie_en_casa")
    visit.refresh_from_db()
    order.refresh_from_db()
    assert visit.status == Visit.Status.FAILED and visit.failure_reason == "nadie_en_casa"
    assert order.status == RevisionOrder.Status.PENDING
    ev = case.events.get(kind="visit.failed")
    assert ev.public and "nadie" in ev.summary.lower()
    # Back in the unscheduled list, and it can be programmed again.
    from field_visits.selectors import unscheduled_orders

    assert order in unscheduled_orders()
    again, _ = schedule(order, brigadista, back_office, day=next_weekday())
    assert again.status == Visit.Status.SCHEDULED


@time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=BOGOTA), tick=False)
def test_order_suspends_term_for_evidence_and_acta_resumes_it(back_office, brigadista,
                                                             coordinador):
    # A Wednesday: a suspension cannot start before the filing's counting day.
    case = make_case()
    case_assign(case=case, assignee=back_office, actor=coordinador)
    order = make_order(case, back_office, suspend_term=True,
                       suspension_note="Se revisará el medidor.")
    case.refresh_from_db()
    term = case.response_term
    term.refresh_from_db()
    assert case.status == CaseStatus.EN_PRUEBAS
    adj = order.term_adjustment
    assert adj.cause == "pruebas" and adj.ends_on is None
    # The user is told by a letter with its outgoing radicado (postal here): it counts as
    # communicated when its dispatch is recorded, not when it is written.
    from responses.models import Communication

    letter = Communication.objects.get(term_adjustment=adj)
    assert letter.purpose == "pruebas" and letter.attachment.file.name.endswith(".pdf")
    assert adj.document_reference == letter.outgoing_radicado
    assert adj.communicated_to_user_at is None
    assert term.suspended_since is not None
    assert "term.suspended" in kinds(case) and "communication.issued" in kinds(case)

    visit, _ = schedule(order, brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    submit_acta(visit, brigadista)
    case.refresh_from_db()
    adj.refresh_from_db()
    term.refresh_from_db()
    assert adj.ends_on == timezone.localdate()
    assert term.suspended_since is None
    assert case.status == CaseStatus.EN_TRAMITE
    assert "term.resumed" in kinds(case)


def test_suspension_needs_an_assigned_case(back_office):
    case = make_case()  # still radicado
    with pytest.raises(ValidationError):
        make_order(case, back_office, suspend_term=True)
    assert not RevisionOrder.objects.exists()


@time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=BOGOTA), tick=False)
def test_cancelling_the_last_suspending_order_resumes_the_term(back_office, brigadista,
                                                              coordinador):
    case = make_case()
    case_assign(case=case, assignee=back_office, actor=coordinador)
    first = make_order(case, back_office, suspend_term=True)
    second = make_order(case, back_office, suspend_term=True)
    # One suspension covers both orders.
    assert first.term_adjustment == second.term_adjustment
    schedule(first, brigadista, back_office)
    services.order_cancel(order=first, actor=back_office, reason="Duplicada")
    assert Visit.objects.get(order=first).status == Visit.Status.CANCELLED
    case.refresh_from_db()
    assert case.status == CaseStatus.EN_PRUEBAS  # the second order still needs the evidence
    services.order_cancel(order=second, actor=back_office, reason="El usuario desistió")
    case.refresh_from_db()
    case.response_term.refresh_from_db()
    assert case.status == CaseStatus.EN_TRAMITE
    assert case.response_term.suspended_since is None
    with pytest.raises(ValidationError):
        services.order_cancel(order=second, actor=back_office, reason="otra vez")


def test_an_acta_dated_before_its_visit_is_refused_in_spanish(back_office, brigadista):
    """Issue 12: an acta dated the day before its visit was accepted without a word."""
    visit, _w = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=list(services.SAFETY_ITEMS))
    with pytest.raises(ValidationError) as refused:
        services.acta_submit(
            visit=visit, actor=brigadista, visit_date=visit.planned_date - timedelta(days=1),
            arrived=time(8, 15), departed=time(9, 5), data=ACTA_DATA, seals=[],
            photos=[jpeg_upload()], signature_attendant=png_data_url(),
            signature_brigadista=png_data_url())
    assert "anterior a la fecha programada de la visita" in refused.value.message_dict[
        "visit_date"][0]
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SCHEDULED and not visit.actas.exists()


@pytest.mark.django_db(transaction=True)
def test_acta_submission_holds_its_own_transaction(back_office, brigadista, settings, tmp_path):
    # Outside a test transaction (as a request is): acta_submit locks the visit, so it
    # must open its own atomic block (a decorator once slid onto a helper above it).
    settings.MEDIA_ROOT = tmp_path / "media"
    case = make_case()
    order = make_order(case, back_office)
    visit, _ = schedule(order, brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista)
    visit.refresh_from_db()
    assert acta.pk and visit.status == Visit.Status.EXECUTED
