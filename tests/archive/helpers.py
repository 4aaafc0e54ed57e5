"""Closed cases for the archive's tests, made through the real services."""

from __future__ import annotations

from intake import services as intake_services
from intake.choices import CaseStatus
from pqr_portal.roles import Role
from tests.factories import make_case, make_user


def closed_case(*, actor=None, **kwargs):
    """A case answered at first contact: closed at once (intake's quick-answer act)."""
    actor = actor or make_user(Role.COORDINADOR)
    case = make_case(**kwargs)
    return intake_services.case_transition(case=case, to_status=CaseStatus.CERRADO, actor=actor,
                                           act="quick_answer")


def pdf_with_text(*texts: str) -> bytes:
    """A PDF with one page per text (WeasyPrint, as the app renders documents)."""
    from responses.pdf import html_to_pdf

    pages = "".join(f'<p style="page-break-after: always">{t}</p>' for t in texts[:-1])
    return html_to_pdf(f"<html><body>{pages}<p>{texts[-1]}</p></body></html>")
