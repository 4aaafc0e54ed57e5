"""
The acta de revisión as PDF: rendering only, no side effects.

Photos and signatures are embedded as data URIs, so WeasyPrint reads no
file or URL by itself.
"""

import base64

from django.conf import settings
from django.template.loader import render_to_string

from pqr_portal.pdf import html_to_pdf


def _data_uri(field_file, mime: str) -> str:
    with field_file.open("rb") as fh:
        return f"data:{mime};base64,{base64.b64encode(fh.read()).decode('ascii')}"


def render_acta_pdf(acta) -> bytes:
    """Return the PDF bytes of `acta` with its seals, photos and signatures."""
    order = acta.order
    photos = [{"photo": p, "src": _data_uri(p.image, "image/jpeg")} for p in acta.photos.all()]
    html = render_to_string("field_visits/acta_pdf.html", {
        "acta": acta, "order": order, "case": order.case, "visit": acta.visit,
        "seals_found": acta.seals_found, "seals_installed": acta.seals_installed,
        "anomalies": acta.anomaly_labels(), "photos": photos,
        "signature_attendant": _data_uri(acta.signature_attendant, "image/png"),
        "signature_brigadista": _data_uri(acta.signature_brigadista, "image/png"),
        "company": settings.PQR_COMPANY_NAME,
    })
    return html_to_pdf(html)
