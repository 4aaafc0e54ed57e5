"""The issued letter: PDF content, verification page, immutability."""

import hashlib

import pytest
from django.urls import reverse

from caserecord.models import OutgoingEmail
from intake.models import Attachment
from responses.models import IssuedLetter
from responses.pdf import pdf_text
from tests.responses.conftest import electronic_case, issue, working

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(back_office, coordinador):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    return issue(case, back_office, coordinador)


def _flat(text):
    return " ".join(text.split())


def test_letter_pdf_has_both_radicados_decision_recursos_and_code(letter):
    text = _flat(pdf_text(letter.attachment.file.read()))
    assert letter.outgoing_radicado.startswith("S-")
    assert letter.outgoing_radicado in text
    assert letter.case.radicado in text
    assert "No se accede a la pretensión" in text
    assert "recurso de reposición" in text
    assert "apelación ante la Superintendencia de Servicios Públicos Domiciliarios" in text
    assert "cinco (5) días hábiles" in text
    assert letter.verification_code in text
    assert f"/pqr/verificar/{letter.verification_code}/" in text.replace(" ", "")
    # A billing claim carries the art. 155 reminder.
    assert "art. 155" in text


def test_letter_is_stored_with_its_hash_and_never_changes(letter):
    content = letter.attachment.file.read()
    assert hashlib.sha256(content).hexdigest() == letter.sha256
    assert letter.attachment.kind == Attachment.Kind.RESPUESTA
    letter.addressee = "Otro"
    with pytest.raises(ValueError):
        letter.save()


def test_outgoing_radicados_are_consecutive_in_their_own_series(back_office, coordinador):
    letters = []
    for _ in range(2):
        case = electronic_case(actor=back_office)
        working(case, back_office)
        letters.append(issue(case, back_office, coordinador))
    first, second = (int(lt.outgoing_radicado.rsplit("-", 1)[1]) for lt in letters)
    assert second == first + 1


def test_verification_page_confirms_hash(client, letter, settings):
    settings.PQR_COMPANY_NAME = "Electrificadora Demo S.A. E.S.P."
    resp = client.get(reverse("responses_public:verify", args=[letter.verification_code]))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Documento auténtico" in body
    assert letter.sha256 in body
    assert letter.outgoing_radicado in body
    # Issue 12: the name ending in "E.S.P." got a second period; citizens were told to
    # run sha256sum. The hash is offered with a plain explanation instead.
    assert "E.S.P.." not in body and "E.S.P." in body
    assert "sha256sum" not in body
    assert "cualquier cambio en el archivo" in body


def test_verification_page_rejects_wrong_code(client, letter):
    resp = client.get(reverse("responses_public:verify", args=["NOEXISTE2345"]))
    assert resp.status_code == 404
    body = resp.content.decode()
    assert "Documento no encontrado" in body
    assert letter.sha256 not in body


def test_electronic_issue_enqueues_email_with_pdf_and_personal_link(letter):
    email = OutgoingEmail.objects.get(case=letter.case, purpose="response.notification")
    assert email.to == ["usuario@example.com"]
    assert email.attachments[0]["path"] == letter.attachment.file.name
    assert email.attachments[0]["mimetype"] == "application/pdf"
    token = letter.notification.token
    assert reverse("responses_public:notification-open", args=[token]) in email.body
    assert IssuedLetter.objects.count() == 1


def test_company_name_with_quotes_is_safe_in_the_pdf_footer(settings, back_office, coordinador):
    settings.PQR_COMPANY_NAME = 'Energía "Norte" <S.A.> E.S.P.'
    case = electronic_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador)
    text = pdf_text(letter.attachment.file.read())
    assert text.count('Energía "Norte" <S.A.> E.S.P.') >= 3  # letterhead, signature, footer
