"""
The access report: everything held about the holder, as JSON and PDF, and
nothing of another customer; staff confirm the holder's identity first.
"""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from caserecord.models import Event
from habeas.services import access_report_data, access_report_issue
from intake import services as intake_services
from intake.choices import CaseKind
from intake.models import Attachment
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _people(back_office):
    holder = CustomerFactory(first_name="Hortensia", last_name="Titular",
                             email="hortensia@example.com")
    other = CustomerFactory(first_name="Octavio", last_name="Ajeno", email="octavio@example.com")
    old = make_case(customer=holder, description="Mi medidor marca de más (Hortensia).")
    intake_services.attachment_add_bytes(case=old, name="cedula-hortensia.pdf",
                                         content=b"%PDF-1.4 x", mime="application/pdf",
                                         actor=back_office, kind="evidencia")
    foreign = make_case(customer=other, description="Octavio reclama por su factura.")
    request = make_case(customer=holder, kind=CaseKind.DATOS_CONSULTA, causal_code=None,
                        description="Quiero conocer mis datos.")
    return holder, other, old, foreign, request


def test_the_json_holds_the_holder_and_nothing_of_another_customer(back_office):
    holder, other, old, foreign, request = _people(back_office)
    data = access_report_data(customer=holder)
    text = json.dumps(data, ensure_ascii=False)
    assert data["titular"]["numero_documento"] == holder.id_number
    assert {c["radicado"] for c in data["casos"]} == {old.radicado, request.radicado}
    assert "Mi medidor marca de más (Hortensia)." in text
    assert "cedula-hortensia.pdf" in text
    # The consent the filings recorded, with version and channel.
    consent = next(a for a in data["autorizaciones"] if a["radicado"] == old.radicado)
    assert consent["tratamiento_de_datos"]["canal"] == "web"
    for leak in (other.id_number, "Octavio", "octavio@example.com", foreign.radicado):
        assert leak not in text


def test_staff_attach_the_pdf_and_the_json_once_the_identity_is_verified(back_office):
    holder, other, old, _foreign, request = _people(back_office)
    with pytest.raises(ValidationError):
        access_report_issue(case=request, actor=back_office, identity_verified=False)
    assert not Attachment.objects.filter(case=request, kind="respuesta").exists()
    pdf, js = access_report_issue(case=request, actor=back_office, identity_verified=True)
    with pdf.file.open("rb") as fh:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert holder.id_number in text and "Hortensia" in text and old.radicado in text
    assert "Octavio" not in text and other.id_number not in text
    # Ley 1581 art. 16: where the holder may complain once this request is exhausted.
    flat = " ".join(text.split())
    assert "queja ante la Superintendencia de Industria y Comercio (SIC)" in flat
    assert "una vez agotado el trámite" in flat and "Ley 1581 de 2012, art. 16" in flat
    with js.file.open("rb") as fh:
        data = json.load(fh)
    assert data["titular"]["correo"] == "hortensia@example.com"
    assert "Superintendencia de Industria y Comercio" in data["queja_ante_la_sic"]
    assert (pdf.content_type, js.content_type) == ("application/pdf", "application/json")
    assert not pdf.public and not js.public  # the answer's notification publishes them
    # The event counts; it names nobody.
    event = Event.objects.get(case=request, kind="habeas.access_report")
    assert "Hortensia" not in json.dumps(event.data) and holder.id_number not in json.dumps(
        event.data)


def test_only_the_handlers_issue_it_and_only_on_a_consulta(front_office, back_office):
    _holder, _other, old, _foreign, request = _people(back_office)
    with pytest.raises(PermissionDenied):
        access_report_issue(case=request, actor=front_office, identity_verified=True)
    with pytest.raises(ValidationError):
        access_report_issue(case=old, actor=back_office, identity_verified=True)


def test_the_case_page_button_issues_it(client, back_office):
    _holder, _other, old, _foreign, request = _people(back_office)
    client.force_login(back_office)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Generar el reporte de datos" in page
    url = f"/gestion/datos-personales/{request.pk}/reporte/"
    assert client.post(url, {}).status_code == 302
    assert not Attachment.objects.filter(case=request, kind="respuesta").exists()
    assert client.post(url, {"identity_verified": "1"}).status_code == 302
    assert Attachment.objects.filter(case=request, kind="respuesta").count() == 2
    # Not on another kind of case.
    assert client.post(f"/gestion/datos-personales/{old.pk}/reporte/",
                       {"identity_verified": "1"}).status_code == 404
