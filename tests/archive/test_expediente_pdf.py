"""The foliated expediente, read back with pypdf: every page numbered, index, content."""

import io
import os
import re

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from archive import services
from archive.expediente import build_expediente_pdf
from archive.models import RetentionSeries
from intake import services as intake_services
from tests.archive.helpers import closed_case, pdf_with_text
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _texts(content: bytes) -> list[str]:
    """The text of each page, its whitespace (line breaks of table cells) made single spaces."""
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(content)).pages]


def test_every_page_is_a_folio_and_the_hoja_de_control_points_to_each_document(
        media, auxiliar, output_dir):
    case = closed_case(description="Pido revisar la lectura del medidor 4455.")
    intake_services.attachment_add_bytes(
        case=case, name="carta-respuesta.pdf", actor=auxiliar, kind="respuesta",
        mime="application/pdf",
        content=pdf_with_text("Respuesta primera hoja ZETA-1", "Respuesta segunda hoja ZETA-2"))
    intake_services.attachment_add_bytes(case=case, name="foto-medidor.png", content=_png(),
                                         mime="image/png", actor=auxiliar, kind="evidencia")
    intake_services.attachment_add_bytes(case=case, name="notas.txt", content=b"hola",
                                         mime="text/plain", actor=auxiliar, kind="otro")
    archived = services.case_archive(case=case, actor=auxiliar,
                                     series=RetentionSeries.objects.get(code="200.45.01"),
                                     box="14", folder="2", folio_from=31, folio_to=40)

    content = build_expediente_pdf(case, archived)
    with open(os.path.join(output_dir, "archive-expediente.pdf"), "wb") as fh:
        fh.write(content)
    texts = _texts(content)
    total = len(texts)
    assert total >= 6  # control, case data, two letter pages, the photo, the note
    for n, text in enumerate(texts, 1):
        assert f"Folio {n} de {total}" in text, f"page {n} has no folio"
    cover = texts[0]
    assert "Hoja de control del expediente" in cover and case.radicado in cover
    assert "Caja 14, carpeta 2, folios 31 a 40" in cover
    assert "200.45.01" in cover
    # The index gives each document its folios; the pages there hold that document.
    letter = re.search(r"carta-respuesta\.pdf.*?(\d+)–(\d+)", cover)
    first, last = int(letter.group(1)), int(letter.group(2))
    assert last - first == 1
    assert "ZETA-1" in texts[first - 1] and "ZETA-2" in texts[last - 1]
    photo = int(re.search(r"foto-medidor\.png.*?(\d+)–\d+", cover).group(1))
    assert "foto-medidor.png" in texts[photo - 1]
    data = texts[1]
    assert "Datos del caso" in data and "Pido revisar la lectura del medidor 4455." in data
    history = " ".join(texts[1:first - 1])
    assert "Expediente archivado" in history and "Solicitud radicada" in history, history
    assert any("Formato no imprimible" in t for t in texts)


def test_the_page_gives_the_pdf_of_closed_cases_only(client, media, back_office, brigadista):
    case = closed_case()
    client.force_login(back_office)
    response = client.get(reverse("archive:expediente-pdf", args=[case.pk]))
    assert response["Content-Type"] == "application/pdf"
    texts = _texts(response.content)
    assert "Pendiente de archivar" in texts[0]
    assert f"Folio 1 de {len(texts)}" in texts[0]
    open_case = make_case()
    assert client.get(reverse("archive:expediente-pdf", args=[open_case.pk])).status_code == 404
    client.force_login(brigadista)
    assert client.get(reverse("archive:expediente-pdf", args=[case.pk])).status_code == 403


def test_a_rotated_scan_is_stamped_upright(media, auxiliar):
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842).rotate(90)
    writer.write(out)
    case = closed_case()
    intake_services.attachment_add_bytes(case=case, name="escaneo.pdf", content=out.getvalue(),
                                         mime="application/pdf", actor=auxiliar,
                                         kind="carta")
    reader = PdfReader(io.BytesIO(build_expediente_pdf(case)))
    last = reader.pages[-1]
    assert last.rotation == 0 and float(last.mediabox.width) > float(last.mediabox.height)
    assert f"Folio {len(reader.pages)} de {len(reader.pages)}" in last.extract_text()
