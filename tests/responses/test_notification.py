"""Notification paths (CPACA): electronic, personal, aviso, publication; when the term is met."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from caserecord.outbox import email_send
from compliance.models import Term
from compliance.terms import BOGOTA
from intake.choices import CaseStatus
from responses import services
from responses.models import Communication, Notification
from responses.pdf import pdf_text
from responses.selectors import notification_sap_risk_case_ids
from tests.factories import make_case
from tests.responses.conftest import bogota, electronic_case, issue, working

pytestmark = pytest.mark.django_db


def _response_term(case):
    return Term.objects.get(case=case, purpose=Term.Purpose.RESPUESTA)


def _postal_letter(back, coord, at=None):
    case = make_case(actor=back)
    working(case, back)
    return issue(case, back, coord, at=at)


def test_electronic_needs_recorded_consent(back_office, coordinador):
    letter = _postal_letter(back_office, coordinador)
    notification = letter.notification
    assert notification.channel == Notification.Channel.PERSONAL
    with pytest.raises(ValidationError, match="no aceptó la notificación electrónica"):
        services.notification_send_electronic(notification=notification, actor=back_office)
    assert letter.case.emails.filter(purpose="response.notification").count() == 0


def test_electronic_dispatch_meets_term_and_opening_notifies(client, back_office, coordinador):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    at = bogota(2026, 12, 2, 9)
    letter = issue(case, back_office, coordinador, at=at)
    notification = letter.notification
    assert notification.channel == Notification.Channel.ELECTRONICA
    # Queued is not sent: the term stays open until the mail server accepts the notice.
    assert notification.email_sent_at is None and notification.dispatched_at is None
    assert _response_term(case).met_at is None
    accepted = bogota(2026, 12, 2, 9, 5)
    with time_machine.travel(accepted, tick=False):
        assert email_send(email_id=notification.email_id)
    notification.refresh_from_db()
    assert notification.email_sent_at == accepted and notification.dispatched_at == accepted
    term = _response_term(case)
    assert term.met_at == accepted  # default PQR_TERM_MET_AT = "dispatch"
    case.refresh_from_db()
    assert case.status == CaseStatus.RESPONDIDO
    assert notification.notified_at is None

    url = reverse("responses_public:notification-open", args=[notification.token])
    assert client.get(url).status_code == 200  # a GET (mail scanner) does not notify
    notification.refresh_from_db()
    assert notification.opened_at is None
    page = client.post(url)
    assert "Quedó notificado" in page.content.decode()
    notification.refresh_from_db()
    assert notification.opened_at is not None
    assert notification.method == Notification.Method.ELECTRONICA
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFICADO
    window = Term.objects.get(case=case, purpose=Term.Purpose.RECURSO)
    assert window.length == 5 and window.unit == Term.Unit.BUSINESS_DAYS
    letter.attachment.refresh_from_db()
    assert letter.attachment.public is True
    pdf = client.get(reverse("responses_public:notification-pdf", args=[notification.token]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_term_met_at_completed_notification_with_setting(settings, back_office, coordinador):
    settings.PQR_TERM_MET_AT = "notification"
    case = electronic_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 2, 9))
    assert _response_term(case).met_at is None  # dispatched, not yet notified
    opened = bogota(2026, 12, 3, 15)
    services.notification_open(token=letter.notification.token, at=opened)
    assert _response_term(case).met_at == opened


def test_personal_citation_and_aviso_dates_in_business_days(back_office, coordinador):
    # Issued Friday 4 Dec 2026; Tuesday 8 Dec is a holiday (Inmaculada Concepción).
    letter = _postal_letter(back_office, coordinador, at=bogota(2026, 12, 4, 10))
    notification = letter.notification
    assert notification.citation_due_date == date(2026, 12, 14)
    citation_term = Term.objects.get(case=letter.case, purpose=Term.Purpose.CITACION)
    assert citation_term.due_date == date(2026, 12, 14)
    assert _response_term(letter.case).met_at is None

    # The citation is generated on Friday 11; it counts as sent when the courier takes it.
    notification = services.notification_send_citation(notification=notification,
                                                       actor=back_office,
                                                       at=bogota(2026, 12, 11, 16))
    assert notification.citation_sent_at is None and notification.citation_awaits_guide
    assert _response_term(letter.case).met_at is None and citation_term.met_at is None
    assert not Term.objects.filter(case=letter.case, purpose=Term.Purpose.AVISO).exists()
    assert letter.case.events.filter(kind="notification.citation_issued").exists()
    with pytest.raises(ValidationError):  # generated once
        services.notification_send_citation(notification=notification, actor=back_office)
    sent = bogota(2026, 12, 14, 11)
    dispatch = services.notification_citation_dispatch
    with time_machine.travel(bogota(2026, 12, 14, 12), tick=False):
        for guide, at, field in ((" ", sent, "guide"),  # no guide
                                 ("RN123", bogota(2026, 12, 11, 9), "dispatched_at"),  # early
                                 ("RN123", bogota(2026, 12, 14, 13), "dispatched_at")):  # future
            with pytest.raises(ValidationError) as exc:
                dispatch(notification=notification, actor=back_office, guide=guide,
                         dispatched_at=at)
            assert field in exc.value.message_dict
        notification = dispatch(notification=notification, actor=back_office,
                                guide="RN998877665CO", dispatched_at=sent)
    assert notification.citation_sent_at == sent and not notification.citation_awaits_guide
    assert notification.appearance_due_date == date(2026, 12, 21)
    event = letter.case.events.get(kind="notification.citation_sent")
    assert event.data["guide"] == "RN998877665CO" and "RN998877665CO" in event.summary
    appearance = Term.objects.get(case=letter.case, purpose=Term.Purpose.AVISO)
    assert appearance.started_at == sent and appearance.due_date == date(2026, 12, 21)
    assert notification.sap_risk is False
    assert _response_term(letter.case).met_at == sent  # citation sent = dispatch
    citation_term.refresh_from_db()
    assert citation_term.met_at == sent
    citation = Communication.objects.get(notification=notification, purpose="citacion")
    assert citation.outgoing_radicado != letter.outgoing_radicado
    assert citation.dispatched_at == sent and citation.attachment.file.name.endswith(".pdf")
    assert citation.dispatch_reference == "RN998877665CO"

    with pytest.raises(ValidationError, match="21/12/2026"):
        services.notification_send_aviso(notification=notification, actor=back_office,
                                         at=bogota(2026, 12, 21, 16))
    services.notification_send_aviso(notification=notification, actor=back_office,
                                     at=bogota(2026, 12, 22, 9))
    aviso = Communication.objects.get(notification=notification, purpose="aviso")
    with aviso.attachment.file.open("rb") as fh:
        text = pdf_text(fh.read())
    # The aviso carries the full copy of the act: its own page(s), then the letter.
    assert aviso.outgoing_radicado in text and letter.outgoing_radicado in text
    assert "Notificación por aviso" in text and "reposición" in text
    # Delivered Thursday 24 Dec: the next business day is Monday 28 (25 is Christmas).
    notification = services.notification_record_aviso_delivery(
        notification=notification, actor=back_office, delivered_at=bogota(2026, 12, 24, 10),
        now=bogota(2026, 12, 24, 12))
    assert notification.completes_at.astimezone(BOGOTA).date() == date(2026, 12, 28)
    assert notification.notified_at is None
    assert services.notifications_sweep(now=bogota(2026, 12, 28, 12))["completed"] == 0
    assert services.notifications_sweep(now=bogota(2026, 12, 29, 0, 5))["completed"] == 1
    assert services.notifications_sweep(now=bogota(2026, 12, 29, 0, 5))["completed"] == 0
    notification.refresh_from_db()
    assert notification.method == Notification.Method.AVISO
    case = letter.case
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFICADO
    window = Term.objects.get(case=case, purpose=Term.Purpose.RECURSO)
    # 5 business days after Monday 28 Dec: 29, 30, 31 Dec, (1 Jan holiday) 4, 5 Jan.
    assert window.due_date == date(2027, 1, 5)


def test_personal_appearance_records_who_received(back_office, coordinador, front_office):
    letter = _postal_letter(back_office, coordinador, at=bogota(2026, 12, 4, 10))
    notification = services.notification_send_citation(
        notification=letter.notification, actor=back_office, at=bogota(2026, 12, 7, 9))
    came = bogota(2026, 12, 9, 15, 30)
    with pytest.raises(ValidationError):
        services.notification_record_appearance(notification=notification, actor=front_office,
                                                received_by_name=" ", at=came)
    notification = services.notification_record_appearance(
        notification=notification, actor=front_office, received_by_name="Ana Pérez",
        received_by_id="CC 123", at=came)
    assert notification.notified_at == came
    assert notification.received_by_name == "Ana Pérez"
    assert notification.delivered_by == front_office
    assert notification.method == Notification.Method.PERSONAL


def test_late_citation_flags_sap_risk(back_office, coordinador):
    letter = _postal_letter(back_office, coordinador, at=bogota(2026, 12, 4, 10))
    assert services.notifications_sweep(now=bogota(2026, 12, 15, 8))["flagged"] == 1
    notification = Notification.objects.get(pk=letter.notification.pk)
    assert notification.sap_risk
    notification = services.notification_send_citation(notification=notification,
                                                       actor=back_office,
                                                       at=bogota(2026, 12, 15, 9))
    assert notification.sap_risk


def test_publication_for_unknown_address_lasts_five_business_days(client, back_office,
                                                                  coordinador):
    letter = _postal_letter(back_office, coordinador, at=bogota(2026, 12, 4, 10))
    notification = services.notification_publish(notification=letter.notification,
                                                 actor=back_office, at=bogota(2026, 12, 4, 11))
    assert notification.published_from == date(2026, 12, 4)
    # 4, 7, 9, 10, 11 December (8 is a holiday); notified at the end of the 14th.
    assert notification.published_until == date(2026, 12, 11)
    assert notification.completes_at.astimezone(BOGOTA).date() == date(2026, 12, 14)
    assert _response_term(letter.case).met_at is not None
    aviso = Communication.objects.get(notification=notification)
    assert (aviso.channel, aviso.published_from, aviso.published_until) == (
        "publicacion", date(2026, 12, 4), date(2026, 12, 11))
    # On the public page from 4 to 11 December (8 is a holiday), not after.
    page_url = reverse("responses_public:avisos")
    pdf_url = reverse("responses_public:aviso-pdf", args=[aviso.outgoing_radicado])
    with time_machine.travel(bogota(2026, 12, 11, 17), tick=False):
        assert aviso.outgoing_radicado in client.get(page_url).content.decode()
        assert client.get(pdf_url)["Content-Type"] == "application/pdf"
    with time_machine.travel(bogota(2026, 12, 14, 9), tick=False):
        assert aviso.outgoing_radicado not in client.get(page_url).content.decode()
        assert client.get(pdf_url).status_code == 404


def test_window_closes_case_without_recurso(back_office, coordinador):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 2, 9))
    services.notification_open(token=letter.notification.token, at=bogota(2026, 12, 2, 10))
    # Notified Wednesday 2 Dec: 3, 4, 7, (8 holiday) 9, 10 December.
    window = Term.objects.get(case=case, purpose=Term.Purpose.RECURSO)
    assert window.due_date == date(2026, 12, 10)
    assert services.notifications_sweep(now=bogota(2026, 12, 10, 23))["closed"] == 0
    assert services.notifications_sweep(now=datetime(2026, 12, 11, 0, 30, tzinfo=BOGOTA))["closed"] == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CERRADO


def test_sweep_command_and_task_run(back_office, coordinador):
    from io import StringIO

    from django.core.management import call_command

    from responses.tasks import notifications_sweep_task

    _postal_letter(back_office, coordinador, at=bogota(2026, 1, 2, 10))
    out = StringIO()
    call_command("notifications_sweep", stdout=out)
    assert "flagged=1" in out.getvalue()
    assert notifications_sweep_task()["flagged"] == 0  # idempotent


def test_unopened_electronic_notice_is_flagged_once_after_five_business_days(back_office, coordinador):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 2, 9))  # Wednesday
    notification = letter.notification
    # Never flagged while only queued: the days count from the server's acceptance.
    assert services.notifications_sweep(now=bogota(2026, 12, 21, 8))["flagged"] == 0
    with time_machine.travel(bogota(2026, 12, 2, 9), tick=False):
        assert email_send(email_id=notification.email_id)
    # 5 business days after Wed 2 Dec (8 Dec is a holiday): Thu 10 Dec is the last day.
    assert services.notifications_sweep(now=bogota(2026, 12, 10, 23))["flagged"] == 0
    notification.refresh_from_db()
    assert notification.sap_risk is False
    assert services.notifications_sweep(now=bogota(2026, 12, 11, 8))["flagged"] == 1
    assert services.notifications_sweep(now=bogota(2026, 12, 11, 9))["flagged"] == 0
    notification.refresh_from_db()
    case.refresh_from_db()
    assert notification.sap_risk and "citación" in notification.sap_risk_reason
    assert case.pk in set(notification_sap_risk_case_ids().values_list("letter__case_id", flat=True))
    assert case.events.filter(kind="notification.sap_risk").count() == 1


def test_opened_electronic_notice_is_never_flagged(back_office, coordinador):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 2, 9))
    services.notification_open(token=letter.notification.token, at=bogota(2026, 12, 3, 10))
    assert services.notifications_sweep(now=bogota(2026, 12, 21, 8))["flagged"] == 0
    case.refresh_from_db()
    assert not notification_sap_risk_case_ids().filter(letter__case_id=case.pk).exists()
