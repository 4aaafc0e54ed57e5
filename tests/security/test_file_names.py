"""Files are stored and served as <safe name>.<extension of the detected type>."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caserecord.files import safe_filename
from intake.models import Attachment
from pqr_portal.roles import Role
from tests.factories import make_case, make_user
from tests.intake.test_public_form import URL, valid_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
       b"\x00\x00\x00\x90wS\xde" + b"\x00" * 64)


@pytest.mark.parametrize(("name", "mime", "expected"), [
    ("cedula.bat", "application/pdf", "cedula.pdf"),
    ("factura.pdf", "application/pdf", "factura.pdf"),
    ("Foto del Medidor.JPG.exe", "image/png", "Foto-del-Medidor-JPG.png"),
    ("../../etc/passwd", "application/pdf", "passwd.pdf"),
    ("C:\\Users\\x\\Cédula Ñandú.pdf", "application/pdf", "Cedula-Nandu.pdf"),
    (".htaccess", "image/png", "htaccess.png"),
    ("", "application/pdf", "archivo.pdf"),
    ("<script>.html", "application/pdf", "script.pdf"),
    ("x" * 300 + ".pdf", "application/pdf", "x" * 80 + ".pdf"),
    ("datos.csv", "application/x-unknown", "datos.bin"),
])
def test_safe_filename(name, mime, expected):
    assert safe_filename(name, mime) == expected


@pytest.mark.django_db
def test_a_pdf_named_cedula_bat_is_stored_and_served_as_cedula_pdf(client):
    case = make_case()
    client.force_login(make_user(Role.BACK_OFFICE))
    upload = SimpleUploadedFile("cedula.bat", PDF, content_type="application/x-msdownload")
    response = client.post(reverse("intake:attachment-upload", args=[case.pk]),
                           {"file": upload, "kind": "evidencia"})
    assert response.status_code == 302
    att = case.attachments.latest("pk")
    assert att.original_name == "cedula.pdf" and att.content_type == "application/pdf"
    assert att.file.name.endswith(".pdf") and ".bat" not in att.file.name
    event = case.events.get(kind="attachment.added", data__attachment_id=att.pk)
    assert event.data["sent_name"] == "cedula.bat"  # what was sent stays as evidence
    download = client.get(reverse("intake:attachment-download", args=[case.pk, att.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="cedula.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_the_public_form_stores_a_renamed_pdf_by_its_content(client):
    cache.clear()
    upload = SimpleUploadedFile("cedula.bat", PDF, content_type="application/octet-stream")
    photo = SimpleUploadedFile("foto.pdf", PNG, content_type="application/pdf")
    response = client.post(URL, {**valid_data(), "attachments": [upload, photo]})
    assert response.status_code == 302, response.content.decode()[:2000]
    names = sorted(Attachment.objects.filter(kind=Attachment.Kind.PETICION)
                   .values_list("original_name", flat=True))
    assert names == ["cedula.pdf", "foto.png"]
    for att in Attachment.objects.filter(kind=Attachment.Kind.PETICION):
        assert att.file.name.rsplit(".", 1)[-1] == att.original_name.rsplit(".", 1)[-1]


@pytest.mark.django_db
def test_a_file_stored_before_the_fix_is_still_served_by_its_type(client):
    case = make_case()
    att = Attachment.objects.create(case=case, kind="evidencia", original_name="cedula.bat",
                                    content_type="application/pdf", size=len(PDF), sha256="0")
    att.file.save("old.bat", SimpleUploadedFile("old.bat", PDF), save=True)
    client.force_login(make_user(Role.BACK_OFFICE))
    download = client.get(reverse("intake:attachment-download", args=[case.pk, att.pk]))
    assert 'filename="cedula.pdf"' in download["Content-Disposition"]
