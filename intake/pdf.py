"""
The constancia de radicación as PDF bytes: a pure render, no side effects.

Storing the bytes (with their SHA-256) and e-mailing them is the job of
intake.services.receipts; the front office reuses render_receipt() for its counter
receipt, verbal requests included.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from intake.choices import CaseKind
from pqr_portal.pdf import html_to_pdf


def receipt_context(case) -> dict:
    """Return what the receipt template shows for `case` (also used by the HTML pages)."""
    term = case.response_term
    return {
        "case": case,
        "customer": case.customer,
        # The name as typed on a web filing, never the customer record's (Case.filer_name).
        "filer_name": case.filer_name,
        "company": settings.PQR_COMPANY_NAME,
        "filed_local": timezone.localtime(case.filed_at),
        "due_date": term.due_date if term else None,
        "hand_deadline": case.hand_deadline_at and timezone.localtime(case.hand_deadline_at),
        "attachments": [a for a in case.attachments.all() if a.kind != "constancia"],
        "track_url": settings.SITE_URL.rstrip("/") + reverse("public:track"),
        "generated_local": timezone.localtime(),
        "is_billing_kind": case.kind == CaseKind.RECLAMO,
        "privacy_version": case.data_consent_version,
        "verbal_note": verbal_note_of(case) if case.is_verbal else "",
    }


# What the desk stored before only typed notes were kept: not a note.
_NOT_A_NOTE = {"", "verbal"}


def verbal_note_of(case) -> str:
    """Return the note taken at the desk on a verbal request (the filing event's), or ""."""
    filed = case.events.filter(kind="case.filed").only("data").first()
    note = str((filed.data or {}).get("verbal_record", "")).strip() if filed else ""
    return "" if note.lower() in _NOT_A_NOTE else note


def render_receipt(case) -> bytes:
    """Return the constancia de radicación of `case` as PDF bytes (WeasyPrint)."""
    html = render_to_string("intake/pdf/receipt.html", receipt_context(case))
    return html_to_pdf(html)
