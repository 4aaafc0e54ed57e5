"""The citizen's public form: a good filing end to end, and every bad input refused."""

import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader
from stdnum.co import nit

from caserecord import tasks as outbox_tasks
from caserecord.models import Event as CaseEvent
from caserecord.models import OutgoingEmail
from intake import tasks
from intake.models import Attachment, Case, Customer, Municipality

pytestmark = pytest.mark.django_db

URL = "/pqr/radicar/"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def valid_data(**overrides):
    data = {
        "kind": "reclamo",
        "causal": "127",
        "account_number": "1234567",
        "bill_number": "F-998877",
        "bill_issued_on": "",
        "description": "La factura de este mes llegó por el triple de lo normal sin razón.",
        "id_type": "CC",
        "id_number": "1.020.304.050",
        "first_name": "Luz Marina",
        "last_name": "Pérez Gómez",
        "business_name": "",
        "phone": "300 123 4567",
        "email": "luz.perez@example.com",
        "address": "Calle 45 # 12-30",
        "municipality": str(Municipality.objects.get(dane_code="08001").pk),
        "notify_by": "email",
        "electronic_consent": "on",
        "data_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def worker(task):
    """Run a task body the way a worker would: its errors never reach the caller."""
    def run(**kwargs):
        try:
            task(**kwargs)
        except Exception:  # noqa: BLE001 - a worker logs and moves on
            pass
    return run


def test_the_form_renders_for_an_anonymous_phone_user(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="data_consent"' in html and "checked" not in html.split('name="data_consent"')[1][:80]
    assert reverse("public:privacy") in html
    assert 'class="hp-field"' in html
    # Only the kinds a citizen files; recursos are filed from the answer.
    assert 'value="reclamo"' in html and 'value="recurso_reposicion"' not in html
    assert "Mi factura llegó muy alta" in html
    assert 'enctype="multipart/form-data"' in html
    # Radio groups are named for screen readers.
    assert 'role="radiogroup" aria-label="¿Qué desea presentar?"' in html
    assert 'role="radiogroup" aria-label="¿Cómo quiere recibir la respuesta?"' in html


def test_good_submission_end_to_end(client, django_capture_on_commit_callbacks):
    upload = io.BytesIO(PDF_BYTES)
    upload.name = "factura.pdf"
    with (
        mock.patch.object(tasks.receipt_issue_task, "delay",
                          side_effect=worker(tasks.receipt_issue_task)) as receipt_delay,
        mock.patch.object(outbox_tasks.send_outgoing_email_task, "delay",
                          side_effect=worker(outbox_tasks.send_outgoing_email_task)),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(URL, valid_data(attachments=[upload]))
        # Nothing is rendered or sent inside the request's transaction.
        assert receipt_delay.call_count == 0
    assert len(callbacks) >= 1

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("public:filed", args=[case.radicado])
    assert case.channel == "web" and case.kind == "reclamo" and case.causal.code == "127"
    assert case.customer.id_number == "1020304050"
    assert case.customer.phone == "3001234567"
    assert case.notify_by == "email" and case.notify_email == "luz.perez@example.com"
    assert case.electronic_consent_at is not None
    assert case.data_consent_at is not None and case.data_consent_version == "2026-01"
    assert case.data_consent_channel == "web"
    assert case.events.filter(kind="case.filed", public=True).exists()
    assert case.attachments.filter(kind=Attachment.Kind.PETICION, original_name="factura.pdf").exists()

    # The receipt: stored with its SHA-256 and e-mailed with the PDF attached.
    case.refresh_from_db()
    assert case.receipt_sent_at is not None
    constancia = case.attachments.get(kind=Attachment.Kind.CONSTANCIA)
    assert len(constancia.sha256) == 64
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["luz.perez@example.com"]
    assert case.radicado in message.subject
    assert case.tracking_code in message.body
    assert f"/pqr/consultar/?radicado={case.radicado}" in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and name == f"constancia-{case.radicado}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert case.radicado in text
    assert case.tracking_code in text
    assert "Constancia de radicación" in text
    assert OutgoingEmail.objects.get(case=case).status == OutgoingEmail.Status.SENT

    # The result page (same browser session): radicado, code, due date, PDF link.
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert case.radicado in html and case.tracking_code in html
    assert reverse("public:receipt", args=[case.radicado]) in html
    due = case.response_term.due_date
    assert str(due.year) in html and "Fecha máxima de respuesta" in html

    download = client.get(reverse("public:receipt", args=[case.radicado]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == content


def test_result_page_and_receipt_only_for_the_session_that_filed(client, django_user_model):
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    case = Case.objects.get()
    from django.test import Client

    stranger = Client()
    assert stranger.get(reverse("public:filed", args=[case.radicado])).status_code == 404
    assert stranger.get(reverse("public:receipt", args=[case.radicado])).status_code == 404
    # The filer can download it even before the after-commit task stored it.
    download = client.get(reverse("public:receipt", args=[case.radicado]))
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(download.content)).pages[0].extract_text()
    assert case.radicado in text


def wrong_nit() -> str:
    base = "900123456"
    good = nit.calc_check_digit(base)
    return f"{base}-{(int(good) + 1) % 10}"


def _file(name, content):
    f = io.BytesIO(content)
    f.name = name
    return f


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"data_consent": None}, "debe autorizar el tratamiento de sus datos"),
        ({"id_number": "12AB"}, "La cédula de ciudadanía debe tener entre 3 y 10 dígitos"),
        ({"id_type": "NIT", "id_number": "WRONG_NIT", "business_name": "Panadería La Espiga SAS"},
         "dígito de verificación"),
        ({"electronic_consent": None}, "aceptación expresa de la notificación electrónica"),
        ({"notify_by": "postal", "address": "", "electronic_consent": None},
         "Escriba la dirección donde quiere recibir la respuesta"),
        ({"description": "corto"}, "al menos 20 caracteres"),
        ({"kind": "recurso_reposicion"}, "Escoja una opción válida"),
        ({"bill_issued_on": "2999-01-01"}, "no puede ser posterior a hoy"),
        ({"email": "no-es-correo"}, "Escriba un correo válido"),
        ({"first_name": ""}, "Escriba sus nombres"),
        ({"causal": "999"}, "Elija un motivo de la lista."),
    ],
)
def test_bad_input_is_refused_with_a_spanish_message_and_nothing_saved(client, overrides,
                                                                        field_message):
    if overrides.get("id_number") == "WRONG_NIT":
        overrides = {**overrides, "id_number": wrong_nit()}
    response = client.post(URL, valid_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert field_message in html
    assert "la solicitud todavía no se ha radicado" in html
    assert html.count('<li><a href="#id_') >= 1  # the summary links to the field
    # What was typed stays on the form.
    assert "Calle 45 # 12-30" in html or overrides.get("address") == ""
    assert "triple de lo normal" in html or overrides.get("description")
    assert Case.objects.count() == 0
    assert Customer.objects.count() == 0


def test_a_valid_nit_with_its_check_digit_is_accepted(client):
    good = "900123456-" + nit.calc_check_digit("900123456")
    response = client.post(URL, valid_data(id_type="NIT", id_number=good, first_name="",
                                           last_name="", business_name="Panadería La Espiga SAS"))
    assert response.status_code == 302
    assert Case.objects.get().customer.business_name == "Panadería La Espiga SAS"


def test_an_executable_renamed_pdf_is_refused(client):
    response = client.post(URL, valid_data(attachments=[_file("factura.pdf", EXE_BYTES)]))
    assert response.status_code == 400
    assert "no es un PDF, una imagen ni un documento de oficina válido" in response.content.decode()
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0


def test_an_oversized_file_is_refused(client, settings):
    settings.PQR_MAX_ATTACHMENT_BYTES = 1024
    big = PDF_BYTES + b"0" * 2048
    response = client.post(URL, valid_data(attachments=[_file("grande.pdf", big)]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "grande.pdf" in html and "el máximo es" in html
    assert Case.objects.count() == 0


def test_too_many_files_are_refused(client):
    files = [_file(f"f{i}.pdf", PDF_BYTES) for i in range(6)]
    response = client.post(URL, valid_data(attachments=files))
    assert response.status_code == 400
    assert "Puede adjuntar hasta 5 archivos" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_request_bigger_than_the_limit_is_refused_before_parsing(client, settings):
    settings.PQR_MAX_ATTACHMENT_BYTES = 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    # Over 5 x 1 KB of files + 1 KB of fields + the multipart envelope (pqr_portal.uploads).
    files = [_file(f"f{i}.pdf", PDF_BYTES + b"0" * 8000) for i in range(5)]
    response = client.post(URL, valid_data(attachments=files))
    assert response.status_code == 413
    assert "Envío demasiado grande" in response.content.decode()
    assert Case.objects.count() == 0


def test_honeypot_filled_is_refused_and_nothing_saved(client):
    response = client.post(URL, valid_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "No pudimos recibir el formulario" in response.content.decode()
    assert Case.objects.count() == 0 and Customer.objects.count() == 0


def test_too_many_posts_from_one_ip_get_a_challenge_instead_of_a_filing(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert client.post(URL, valid_data()).status_code == 302
    response = client.post(URL, valid_data())
    assert response.status_code == 429
    assert 'name="challenge_token"' in response.content.decode()
    assert Case.objects.count() == 3
    # Another address is not affected.
    other = client.post(URL, valid_data(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_rate_limit_counts_the_forwarded_address_only_behind_a_trusted_proxy(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "1/h"
    # Without a trusted proxy, a forged X-Forwarded-For does not buy new attempts.
    assert client.post(URL, valid_data(), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert client.post(URL, valid_data(), HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    settings.PQR_TRUSTED_PROXIES = ["127.0.0.1/32"]  # the test client's address
    assert client.post(URL, valid_data(), HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 302


def test_an_old_bill_warns_but_is_accepted(client):
    response = client.post(URL, valid_data(bill_issued_on="2020-01-15"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.events.filter(kind="case.bill_over_five_months").exists()
    page = client.get(response["Location"]).content.decode()
    assert "más de cinco meses" in page


def test_postal_notification_needs_no_email(client):
    response = client.post(URL, valid_data(notify_by="postal", email="", electronic_consent=None))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.notify_by == "postal" and case.notify_address == "Calle 45 # 12-30"
    assert case.electronic_consent_at is None


def test_an_existing_customer_is_not_overwritten_by_the_public_form(client):
    from tests.factories import CustomerFactory

    customer = CustomerFactory(id_number="1020304050", first_name="Luz", last_name="Pérez",
                               email="registrada@example.com")
    response = client.post(URL, valid_data(email="otra@example.com"))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email == "registrada@example.com"
    case = Case.objects.get()
    assert case.customer == customer
    assert case.notify_email == "otra@example.com"
    typed = CaseEvent.objects.get(case=case, kind="case.public_contact")
    assert typed.data["email"] == "otra@example.com" and typed.public is False


def test_privacy_notice_is_public(client):
    response = client.get(reverse("public:privacy"))
    assert response.status_code == 200
    assert "2026-01" in response.content.decode()
    assert "Ley 1581 de 2012" in response.content.decode()


def test_a_service_refusal_is_shown_on_the_form(client):
    from django.core.exceptions import ValidationError

    refusal = ValidationError({"notify_email": "La notificación electrónica requiere un correo."})
    with mock.patch("intake.views.public.case_file_public", side_effect=refusal):
        response = client.post(URL, valid_data())
    assert response.status_code == 400
    assert "La notificación electrónica requiere un correo." in response.content.decode()
    assert Case.objects.count() == 0


def test_the_size_limit_runs_before_the_body_is_parsed(client, settings):
    settings.PQR_MAX_ATTACHMENT_BYTES = 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    # Over 5 x 1 KB of files + 1 KB of fields + the multipart envelope (pqr_portal.uploads).
    files = [_file(f"f{i}.pdf", PDF_BYTES + b"0" * 8000) for i in range(5)]
    with mock.patch("django.http.multipartparser.MultiPartParser.parse") as parse:
        response = client.post(URL, valid_data(attachments=files))
    assert response.status_code == 413
    assert parse.call_count == 0


def test_the_form_still_requires_the_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, valid_data())
    assert response.status_code == 403
    assert Case.objects.count() == 0
    # With the token from the page, it goes through.
    strict.get(URL)
    token = strict.cookies["csrftoken"].value
    response = strict.post(URL, valid_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302


def test_the_same_form_sent_twice_files_once(client):
    html = client.get(URL).content.decode()
    submission_id = re.search(r'name="submission_id" value="([^"]+)"', html).group(1)
    first = client.post(URL, valid_data(submission_id=submission_id))
    second = client.post(URL, valid_data(submission_id=submission_id))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
    # A new form (new id) files a new case.
    assert client.post(URL, valid_data(submission_id="otro-formulario")).status_code == 302
    assert Case.objects.count() == 2


def test_the_typed_account_is_kept_after_an_error_and_on_the_case(client, coordinador):
    """Issue 12: the account typed on the public form was lost; it stays everywhere."""
    refused = client.post(URL, valid_data(account_number="99 887 766", description="corta"))
    assert refused.status_code == 400
    assert 'value="99 887 766"' in refused.content.decode()
    client.post(URL, valid_data(account_number="99 887 766"))
    case = Case.objects.get()
    assert case.account_number == "99887766"
    client.force_login(coordinador)
    page = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    assert "99887766" in page


def test_nombres_and_apellidos_carry_the_required_asterisk(client, front_office):
    """They are required unless the document is a NIT: the label says so on both forms."""
    pattern = r'<label for="id_{}first_name">Nombres <span aria-hidden="true">\*</span>'
    assert re.search(pattern.format(""), client.get(URL).content.decode())
    assert re.search(pattern.format("").replace("first_name", "last_name").replace(
        "Nombres", "Apellidos"), client.get(URL).content.decode())
    client.force_login(front_office)
    desk = client.get(reverse("intake:register")).content.decode()
    assert re.search(pattern.format("c-"), desk)
