"""
PDF rendering for letters, constancias and the SSPD expediente.

Rendering only: these functions return bytes and never store anything
(responses.services stores them on the case).
"""

from __future__ import annotations

import base64
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from pqr_portal.pdf import html_to_pdf as pdf_render


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def verify_url(code: str) -> str:
    return site_url(reverse("responses_public:verify", args=[code]))


def html_to_pdf(html: str) -> bytes:
    return pdf_render(html)


def letter_context(*, response, letter, signer, drafter, addressee=None) -> dict:
    """
    Return what the letter template shows (everything already decided).
    `addressee` (name, lines, copy_to) defaults to services.common.addressee_for.
    """
    from responses import rules
    from responses.services.common import addressee_for, sic_complaint_text

    case = response.case
    to = addressee or addressee_for(case)
    return {
        # A habeas-data answer admits no recurso: it names the SIC (Ley 1581 art. 16).
        "sic_notice": sic_complaint_text() if case.kind in rules.HABEAS_DATA_KINDS else "",
        "addressee_lines": to["lines"],
        "decision_heading": _("Decisión"),
        "show_recursos": True,
        "copy_to": to["copy_to"],
        "company": settings.PQR_COMPANY_NAME,
        "letter": letter,
        "case": case,
        "customer": case.customer,
        "addressee": letter.addressee,
        "issued_local": timezone.localtime(letter.issued_at),
        "subject": case.subject or case.get_kind_display(),
        # body_html was sanitised by nh3 when it was saved; citizen text inside it
        # was escaped by the merge, so marking it safe here renders no markup of theirs.
        "body_html": response.body_html,
        "decision": response.decision,
        "answer_kind_label": response.get_answer_kind_display(),
        "admits_recursos": response.admits_recursos,
        "recursos_text": response.recursos_text,
        "payment_reminder": response.payment_reminder,
        "evidence": list(response.evidence.all()),
        "signer_name": (signer.get_full_name() or signer.username) if signer else "",
        "signer_role": "Coordinador de Atención al Cliente",
        "drafter_name": (drafter.get_full_name() or drafter.username) if drafter else "",
        "verify_url": verify_url(letter.verification_code),
    }


def render_letter_pdf(context: dict) -> bytes:
    return html_to_pdf(render_to_string("responses/pdf/letter.html", context))


def render_document_pdf(*, title: str, rows=(), index=None, image_bytes: bytes | None = None,
                        image_mime: str = "") -> bytes:
    """Render a one-section document: a constancia, the expediente index, an image."""
    image_src = ""
    if image_bytes:
        image_src = f"data:{image_mime};base64," + base64.b64encode(image_bytes).decode()
    html = render_to_string("responses/pdf/document.html", {
        "title": title, "rows": list(rows), "index": index, "image_src": image_src,
        "company": settings.PQR_COMPANY_NAME,
    })
    return html_to_pdf(html)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def merge_pdfs(parts: list[bytes]) -> bytes:
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
