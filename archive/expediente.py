"""
The expediente of a closed case as one foliated PDF: the hoja de control (what the
file holds and on which folios), the case data with its history, then every
document of the case in the order it was added (letters, receipts, actas and other
PDFs merged as they are; images on a page of their own). Every page is stamped
"Folio N de M" in its upper right corner, where the archive numbers paper folios.

Rendering only: nothing is stored. WeasyPrint renders through responses.pdf (the
one place that calls it for documents), pypdf merges and stamps.
"""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

from intake.selectors import case_attachments, case_events
from responses import pdf as documents

logger = logging.getLogger(__name__)

# The SSPD expediente is itself a compilation of this file's documents: left out.
COMPILATION_PREFIX = "Expediente"


def folio_label(n: int, total: int) -> str:
    return _("Folio %(n)s de %(total)s") % {"n": n, "total": total}


def _placeholder(att, reason: str) -> bytes:
    return documents.render_document_pdf(title=att.original_name, rows=[
        (_("Documento"), att.get_kind_display()), (_("SHA-256"), att.sha256),
        (_("Nota"), reason)])


def _attachment_pdf(att) -> bytes:
    """The document as PDF pages: itself, its image on a page, or a page that says why not."""
    try:
        with att.file.open("rb") as fh:
            content = fh.read()
    except OSError:
        logger.warning("archive: file of attachment %s missing", att.pk)
        return _placeholder(att, _("El archivo no está disponible en el repositorio."))
    if att.content_type == "application/pdf":
        try:
            reader = PdfReader(io.BytesIO(content))
            if reader.is_encrypted or not reader.pages:
                raise PdfReadError("encrypted or empty")
            return content
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
            return _placeholder(att, _("PDF protegido o ilegible: el original se consulta en el "
                                       "expediente físico."))
    if att.content_type.startswith("image/"):
        return documents.render_document_pdf(
            title=att.original_name, image_bytes=content, image_mime=att.content_type,
            rows=[(_("Documento"), att.get_kind_display()), (_("SHA-256"), att.sha256)])
    return _placeholder(att, _("Formato no imprimible: el original se consulta en el expediente "
                               "físico."))


def expediente_parts(case) -> list[dict]:
    """The parts after the hoja de control, in order: title, date, SHA-256 and PDF."""
    events = list(case_events(case))
    parts = [{"title": _("Datos del caso e historia"),
              "date": timezone.localtime(case.filed_at), "sha256": "",
              "pdf": documents.html_to_pdf(render_to_string("archive/pdf/case.html", {
                  "case": case, "customer": case.customer, "events": events,
                  "company": settings.PQR_COMPANY_NAME}))}]
    for att in case_attachments(case):
        if att.kind == "otro" and att.description.startswith(COMPILATION_PREFIX):
            continue
        title = f"{att.get_kind_display()}: {att.original_name}"
        if att.description and not att.description.startswith(COMPILATION_PREFIX):
            title = f"{title} ({att.description})"
        parts.append({"title": title, "date": timezone.localtime(att.uploaded_at),
                      "sha256": att.sha256, "pdf": _attachment_pdf(att)})
    return parts


def _control_pdf(case, archived, parts, counts, control_pages: int, total: int) -> bytes:
    rows, folio = [], control_pages + 1
    for part, n in zip(parts, counts, strict=True):
        rows.append({"title": str(part["title"]), "date": part["date"], "first": folio,
                     "last": folio + n - 1, "sha256": part["sha256"]})
        folio += n
    return documents.html_to_pdf(render_to_string("archive/pdf/control.html", {
        "case": case, "archived": archived, "rows": rows, "total": total,
        "control_pages": control_pages, "company": settings.PQR_COMPANY_NAME,
        "generated": timezone.localtime()}))


def _stamp(page: PageObject, text: str) -> None:
    """Write `text` in the page's upper right corner, on a white label."""
    if page.rotation:  # a landscape scan saved rotated: stamp the corner the reader sees
        page.transfer_rotation_to_content()
    box = page.cropbox
    right, top = float(box.right), float(box.top)
    overlay = PageObject.create_blank_page(width=right, height=top)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica-Bold"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    overlay[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/FolioFont"): font})})
    width = 5.2 * len(text) + 8
    x, y = right - width - 18, top - 24
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = DecodedStreamObject()
    stream.set_data((f"q 1 1 1 rg {x - 4:.2f} {y - 4:.2f} {width:.2f} 15 re f Q "
                     f"BT /FolioFont 9 Tf 0 0 0 rg {x:.2f} {y:.2f} Td ({safe}) Tj ET")
                    .encode("latin-1"))
    overlay.replace_contents(ContentStream(stream, None))
    page.merge_page(overlay)


def build_expediente_pdf(case, archived=None) -> bytes:
    """Return the foliated expediente of `case` (its archive record, if any, on the cover)."""
    parts = expediente_parts(case)
    counts = [documents.page_count(p["pdf"]) for p in parts]
    body = sum(counts)
    control_pages = 1
    for _attempt in range(3):  # the index may push the hoja de control onto more pages
        control = _control_pdf(case, archived, parts, counts, control_pages,
                               control_pages + body)
        rendered = documents.page_count(control)
        if rendered == control_pages:
            break
        control_pages = rendered
    writer = PdfWriter()
    for part in [control, *[p["pdf"] for p in parts]]:
        writer.append(PdfReader(io.BytesIO(part)))
    total = len(writer.pages)
    for n, page in enumerate(writer.pages, 1):
        _stamp(page, folio_label(n, total))
    writer.add_metadata({"/Title": _("Expediente %(r)s") % {"r": case.radicado}})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
