"""The front office desk: search, prefill, register from any channel, duplicates, PDFs."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from intake.choices import CaseKind, CaseStatus, Channel
from intake.models import Case, Causal, Customer, PaymentAgreement
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db
REGISTER = reverse("intake:register")


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _customer_post(customer, **over):
    data = {f"c-{k}": v for k, v in {
        "id_type": customer.id_type, "id_number": customer.id_number,
        "first_name": customer.first_name, "last_name": customer.last_name,
        "phone": customer.phone, "email": customer.email, "address": customer.address,
        "accounts": customer.accounts}.items()}
    data.update(over)
    return data


def _case_post(**over):
    data = {"channel": Channel.PRESENCIAL, "kind": CaseKind.RECLAMO,
            "causal": Causal.objects.get(code="127").pk, "account_number": "",
            "description": "Dice que la factura de octubre llegó al doble.",
            "notify_by": "postal", "notify_address": "Calle 10 # 20-30", "data_consent": "on"}
    data.update(over)
    return data


@pytest.mark.parametrize("query_attr", ["id_number", "account", "name"])
def test_customer_search_by_id_account_or_name(client, front_office, query_attr):
    customer = CustomerFactory(first_name="Marta", last_name="Ospino", accounts="880011, 880012")
    CustomerFactory(first_name="Otro", last_name="Distinto")
    q = {"id_number": customer.id_number, "account": "880012", "name": "ospino marta"}[query_attr]
    client.force_login(front_office)
    response = client.get(REGISTER, {"q": q})
    assert [c.pk for c in response.context["results"]] == [customer.pk]
    listing = client.get(reverse("intake:customer-list"), {"q": q})
    assert [c.pk for c in listing.context["page"].object_list] == [customer.pk]


def test_choosing_a_customer_prefills_the_forms(client, front_office):
    customer = CustomerFactory(accounts="55501")
    client.force_login(front_office)
    response = client.get(REGISTER, {"cliente": customer.pk})
    html = response.content.decode()
    assert f'value="{customer.id_number}"' in html
    assert f'value="{customer.last_name}"' in html
    assert response.context["case_form"].initial["account_number"] == "55501"


def test_verbal_registration_for_an_existing_customer(client, front_office):
    customer = CustomerFactory(accounts="55501")
    client.force_login(front_office)
    response = client.post(f"{REGISTER}?cliente={customer.pk}", {
        **_customer_post(customer, **{"c-phone": "3109998877"}),
        **_case_post(account_number="55501", verbal_note="Atendido en ventanilla 3")})
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == reverse("intake:registered", args=[case.pk])
    assert case.customer == customer and case.is_verbal and case.created_by == front_office
    assert Customer.objects.count() == 1
    customer.refresh_from_db()
    assert customer.phone == "3109998877"  # contact data updated at the counter
    filed = case.events.get(kind="case.filed")
    assert filed.data["verbal_record"] == "Atendido en ventanilla 3"
    page = client.get(response["Location"])
    assert case.radicado in page.content.decode()
    receipt = client.get(reverse("intake:case-receipt", args=[case.pk]))
    assert receipt["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content)
    assert case.radicado in text
    assert "verbal" in text
    assert "Atendido en ventanilla 3" in text  # the desk's note, as its help text promises
    assert customer.id_number in text
    assert "factura de octubre" in text  # the object of the request, in writing


def test_new_customer_registered_by_letter_with_scanned_attachment(client, front_office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(front_office)
    scan = SimpleUploadedFile("carta.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(REGISTER, {
        "c-id_type": "CC", "c-id_number": "1.045.678.901", "c-first_name": "Luis",
        "c-last_name": "Arrieta", "c-address": "Cra 5 # 6-7",
        **_case_post(channel=Channel.ESCRITO), "attachments": [scan]})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.customer.id_number == "1045678901"
    assert not case.is_verbal
    assert case.attachments.get().original_name == "carta.pdf"


@pytest.mark.parametrize(("post", "field", "message"), [
    ({"c-id_number": "12AB"}, "id_number", "cédula"),
    ({"kind": CaseKind.TUTELA, "channel": Channel.JUZGADO}, "hand_deadline_at", "tutela"),
    ({"kind": CaseKind.SOLICITUD_SSPD, "channel": Channel.SSPD}, "external_reference", "número"),
    ({"notify_by": "email", "notify_email": "a@b.co"}, "electronic_consent", "aceptación"),
    ({"description": ""}, "description", "obligatorio"),
])
def test_bad_input_is_refused_next_to_the_field_and_kept(client, front_office, post, field,
                                                         message):
    customer = CustomerFactory()
    client.force_login(front_office)
    data = {**_customer_post(customer), **_case_post()}
    data.update(post)
    response = client.post(REGISTER, data)
    assert response.status_code == 400
    form = (response.context["customer_form"] if field == "id_number"
            else response.context["case_form"])
    assert message in " ".join(form.errors[field])
    assert Case.objects.count() == 0
    # What was typed stays on the form.
    assert "factura de octubre" in response.content.decode() or post.get("description") == ""


def test_tutela_with_typed_deadline_and_court_reference(client, front_office):
    customer = CustomerFactory()
    deadline = timezone.localtime() + timedelta(days=2)
    client.force_login(front_office)
    response = client.post(REGISTER, {**_customer_post(customer), **_case_post(
        kind=CaseKind.TUTELA, channel=Channel.JUZGADO, causal="",
        hand_deadline_at=deadline.strftime("%Y-%m-%dT%H:%M"),
        external_reference="Juzgado 3 Civil 2026-00123",
        authority_name="Juzgado Tercero Civil Municipal de Montería",
        authority_address="Calle 27 # 3-45, Palacio de Justicia")})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.external_reference == "Juzgado 3 Civil 2026-00123"
    assert case.authority_name == "Juzgado Tercero Civil Municipal de Montería"
    assert case.response_term.due_at == deadline.replace(second=0, microsecond=0)


def test_possible_duplicate_is_shown_but_not_blocking(client, front_office):
    customer = CustomerFactory(accounts="99001")
    first = make_case(customer=customer, account_number="99001", causal_code="127")
    client.force_login(front_office)
    causal = Causal.objects.get(code="127").pk
    partial = client.get(reverse("intake:duplicate-check"),
                         {"account_number": "99001", "causal": causal})
    assert first.radicado in partial.content.decode()
    assert "Posible duplicado" in partial.content.decode()
    other = client.get(reverse("intake:duplicate-check"),
                       {"account_number": "99001", "causal": Causal.objects.get(code="119").pk})
    assert first.radicado not in other.content.decode()

    response = client.post(REGISTER, {**_customer_post(customer),
                                      **_case_post(account_number="99001")}, follow=True)
    assert Case.objects.count() == 2  # registered anyway
    messages = [str(m) for m in response.context["messages"]]
    assert any("Posible duplicado" in m and first.radicado in m for m in messages)


def test_closed_case_is_not_a_duplicate(client, front_office, coordinador):
    from intake.services import case_annul

    customer = CustomerFactory(accounts="99002")
    first = make_case(customer=customer, account_number="99002", causal_code="127")
    case_annul(case=first, reason="Error", actor=coordinador)
    client.force_login(front_office)
    partial = client.get(reverse("intake:duplicate-check"),
                         {"account_number": "99002", "causal": first.causal_id})
    assert first.radicado not in partial.content.decode()


def test_quick_answer_view_closes_the_case(client, front_office):
    customer = CustomerFactory()
    client.force_login(front_office)
    response = client.post(reverse("intake:quick-answer") + f"?cliente={customer.pk}", {
        **_customer_post(customer), "channel": Channel.TELEFONICO, "topic": "facturas",
        "question": "¿Cuándo vence mi factura?", "answer": "El 15 de cada mes."})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == CaseStatus.CERRADO
    assert case.first_contact_answer == "El 15 de cada mes."
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "El 15 de cada mes." in detail


def test_agreement_from_a_case_is_logged_on_its_timeline(client, front_office):
    case = make_case()
    client.force_login(front_office)
    page = client.get(case.get_absolute_url()).content.decode()
    url = reverse("intake:agreement-new", args=[case.customer_id])
    assert f"{url}?caso={case.pk}" in page
    response = client.post(f"{url}?caso={case.pk}", {
        "caso": case.pk, "account_number": "1", "debt_amount": "500", "down_payment": "0",
        "installments": "2", "monthly_interest_rate": "0",
        "first_due_date": (timezone.localdate() + timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    agreement = PaymentAgreement.objects.get()
    assert agreement.case == case
    assert case.events.filter(kind="agreement.created", data__number=agreement.number).exists()


def test_payment_agreement_form_pdf_and_status(client, front_office):
    customer = CustomerFactory(first_name="Rosa", last_name="Barrios", accounts="44001")
    client.force_login(front_office)
    url = reverse("intake:agreement-new", args=[customer.pk])
    bad = client.post(url, {"account_number": "44001", "debt_amount": "1000",
                            "down_payment": "2000", "installments": "3",
                            "monthly_interest_rate": "1",
                            "first_due_date": timezone.localdate().isoformat()})
    assert bad.status_code == 400
    assert "menor que la deuda" in bad.content.decode()
    assert PaymentAgreement.objects.count() == 0
    first_due = timezone.localdate() + timedelta(days=30)
    response = client.post(url, {"account_number": "44001", "debt_amount": "1200000",
                                 "down_payment": "200000", "installments": "4",
                                 "monthly_interest_rate": "1.5",
                                 "first_due_date": first_due.isoformat()})
    assert response.status_code == 302
    agreement = PaymentAgreement.objects.get()
    text = pdf_text(client.get(reverse("intake:agreement-pdf", args=[agreement.pk])).content)
    assert agreement.number in text
    assert "Rosa Barrios" in text and "44001" in text
    assert "Plan de pagos" in text
    assert first_due.strftime("%d/%m/%Y") in text
    assert "Firma del usuario" in text
    client.post(reverse("intake:agreement-status", args=[agreement.pk]), {"status": "firmado"})
    agreement.refresh_from_db()
    assert agreement.status == PaymentAgreement.Status.FIRMADO


def test_refused_registration_leaves_the_customer_untouched(client, front_office, monkeypatch):
    from django.core.exceptions import ValidationError

    from intake.services import cases as services

    customer = CustomerFactory(phone="3000000000")

    def refuse(**kwargs):
        raise ValidationError({"notify_email": "Correo rechazado por el servicio."})

    monkeypatch.setattr(services, "case_register", refuse)
    client.force_login(front_office)
    response = client.post(REGISTER, {**_customer_post(customer, **{"c-phone": "3119999999"}),
                                      **_case_post()})
    assert response.status_code == 400
    assert "Correo rechazado por el servicio." in response.content.decode()
    customer.refresh_from_db()
    assert customer.phone == "3000000000"
