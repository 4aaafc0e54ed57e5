"""
Issue 11, item 1: the public form neither reveals nor changes someone else's data.

The attack: a stranger types an existing customer's document number on the
public form. They must get back only what they typed (receipt PDF, e-mail,
letters), the customer record must not change, nothing may be defaulted from
it (the notification address), and staff reconcile the typed data explicitly.
"""

import io
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from caserecord import tasks as outbox_tasks
from caserecord.models import Event
from intake import tasks
from intake.models import Case, Municipality
from intake.services.contact import contact_accept, contact_differences
from responses.templating import merge_values
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/pqr/radicar/"
DOCUMENT = "1020304050"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def holder():
    """The real holder of the document: a full record, with blank e-mail and phone."""
    return CustomerFactory(
        id_type="CC", id_number=DOCUMENT, first_name="María Fernanda", last_name="Gómez Arias",
        email="", phone="", address="Calle Reservada 99 # 1-11",
        municipality=Municipality.objects.get(dane_code="08001"), accounts="7700112233")


def stranger_data(**overrides):
    data = {
        "kind": "peticion", "causal": "", "description": "Quiero saber el estado de la cuenta.",
        "id_type": "CC", "id_number": DOCUMENT, "first_name": "Pedro", "last_name": "Intruso",
        "phone": "3159990000", "email": "pedro.intruso@example.com", "address": "",
        "municipality": str(Municipality.objects.get(dane_code="47001").pk),
        "notify_by": "email", "electronic_consent": "on", "data_consent": "on",
    }
    data.update(overrides)
    return data


def _run(task):
    def run(**kwargs):
        task(**kwargs)
    return run


def file_as_stranger(client, callbacks, **overrides) -> Case:
    """POST the public form and run the receipt and the outbox as the workers would."""
    with (
        mock.patch.object(tasks.receipt_issue_task, "delay", side_effect=_run(tasks.receipt_issue_task)),
        mock.patch.object(outbox_tasks.send_outgoing_email_task, "delay",
                          side_effect=_run(outbox_tasks.send_outgoing_email_task)),
        callbacks(execute=True),
    ):
        response = client.post(URL, stranger_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get()


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def record(customer) -> dict:
    customer.refresh_from_db()
    return {f: getattr(customer, f) for f in ("first_name", "last_name", "business_name",
                                               "phone", "email", "address", "municipality_id",
                                               "updated_at")}


def test_a_stranger_typing_an_existing_document_gets_back_only_what_they_typed(
        client, holder, django_capture_on_commit_callbacks):
    before = record(holder)
    case = file_as_stranger(client, django_capture_on_commit_callbacks)

    assert case.customer == holder
    # The e-mail: addressed to the typed name, never the stored one.
    (message,) = mail.outbox
    assert message.to == ["pedro.intruso@example.com"]
    assert "Hola, Pedro Intruso" in message.body
    assert "María" not in message.body and "Gómez" not in message.body
    # The receipt PDF, e-mailed and downloaded: the typed name, no stored data.
    _, attached, _ = message.attachments[0]
    download = client.get(reverse("public:receipt", args=[case.radicado]))
    assert download.content == attached
    text = pdf_text(attached)
    assert "Pedro Intruso" in text and DOCUMENT in text
    for stored in ("María", "Gómez", "Calle Reservada", "7700112233"):
        assert stored not in text
    # Nothing defaulted from the record: no address was typed, none was inherited.
    case.refresh_from_db()
    assert case.notify_address == "" and case.postal_address == ""
    assert case.municipality.dane_code == "47001"
    assert case.filer_name == "Pedro Intruso"
    # The record is unchanged: its blank e-mail and phone were not filled.
    assert record(holder) == before


def test_the_notification_address_and_the_letter_are_the_typed_ones(
        client, holder, django_capture_on_commit_callbacks):
    case = file_as_stranger(client, django_capture_on_commit_callbacks, notify_by="postal",
                            electronic_consent="", address="Carrera 1 # 2-3")
    assert case.notify_address == "Carrera 1 # 2-3"
    assert case.receipt_sent_at is not None
    (message,) = mail.outbox  # the receipt still goes to the e-mail typed this time
    assert message.to == ["pedro.intruso@example.com"]
    values = merge_values(case)
    assert values["nombre"] == "Pedro Intruso"
    assert values["direccion"] == "Carrera 1 # 2-3"
    assert "Calle Reservada" not in pdf_text(message.attachments[0][1])


def test_a_filing_that_typed_no_e_mail_does_not_send_the_receipt_to_the_record(
        client, holder, django_capture_on_commit_callbacks):
    holder.email = "maria.fernanda@example.com"
    holder.save()
    case = file_as_stranger(client, django_capture_on_commit_callbacks, notify_by="postal",
                            electronic_consent="", email="", address="Carrera 1 # 2-3")
    assert case.receipt_sent_at is not None
    assert mail.outbox == []


def test_staff_see_the_differences_and_accepting_them_is_an_event(
        client, holder, back_office, gerente, django_capture_on_commit_callbacks):
    case = file_as_stranger(client, django_capture_on_commit_callbacks)
    fields = {d.field: d for d in contact_differences(case)}
    assert set(fields) == {"first_name", "last_name", "phone", "email", "municipality"}
    assert fields["first_name"].typed == "Pedro"
    assert fields["first_name"].on_record == "María Fernanda"
    assert fields["email"].on_record == ""

    client.force_login(back_office)
    page = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    assert "Datos escritos en la radicación" in page
    assert "pedro.intruso@example.com" in page and "María Fernanda" in page

    # A role that may read but not reconcile: refused, nothing changes.
    with pytest.raises(PermissionDenied):
        contact_accept(case=case, fields=["email"], actor=gerente)
    client.force_login(gerente)
    url = reverse("intake:case-contact-accept", args=[case.pk])
    assert client.post(url, {"fields": ["email"]}).status_code == 403
    holder.refresh_from_db()
    assert holder.email == ""

    client.force_login(back_office)
    response = client.post(url, {"fields": ["email", "phone"]})
    assert response.status_code == 302
    holder.refresh_from_db()
    assert holder.email == "pedro.intruso@example.com" and holder.phone == "3159990000"
    assert holder.first_name == "María Fernanda"  # not checked, not changed
    event = Event.objects.get(case=case, kind="customer.contact_accepted")
    assert event.actor == back_office
    assert event.data["changes"] == {
        "email": {"from": "", "to": "pedro.intruso@example.com"},
        "phone": {"from": "", "to": "3159990000"},
    }
    assert "correo electrónico" in event.summary
    assert {d.field for d in contact_differences(Case.objects.get(pk=case.pk))} == {
        "first_name", "last_name", "municipality"}

    # A stale page (the field no longer differs) changes nothing and says so.
    response = client.post(url, {"fields": ["email"]}, follow=True)
    assert "Recargue la página" in response.content.decode()
    assert Event.objects.filter(kind="customer.contact_accepted").count() == 1


def test_a_new_document_creates_the_record_from_what_was_typed(
        client, django_capture_on_commit_callbacks):
    case = file_as_stranger(client, django_capture_on_commit_callbacks, id_number="5566778899")
    customer = case.customer
    assert (customer.first_name, customer.email) == ("Pedro", "pedro.intruso@example.com")
    assert contact_differences(case) == []
