"""
The monthly management report: the PDF of a known month (read back as text
with pypdf) carries the indicator values and the charts; approval and the
e-mail through the outbox; the beat drafts it once, on the first business day.
"""

import io
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from caserecord.models import Event, OutgoingEmail
from pqr_portal.roles import Role
from reports.models import ManagementReport
from reports.monthly import (
    first_business_day,
    management_report_approve,
    management_report_draft_due,
    management_report_generate,
    management_report_send,
)
from tests.factories import make_user
from tests.reports.test_indicators import march  # noqa: F401 - the known month's fixture

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
MARCH = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_MANAGEMENT_RECIPIENTS = ["gerencia@cliente.example", "calidad@cliente.example"]
    with time_machine.travel(datetime(2025, 4, 2, 9, tzinfo=TZ), tick=False):
        yield


def _text(report) -> str:
    with report.pdf.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_the_pdf_of_a_known_month_carries_its_indicator_values_and_charts(march):  # noqa: F811
    coord = make_user(Role.COORDINADOR, username="coord-m")
    report = management_report_generate(month=MARCH, actor=coord)
    text = _text(report)
    assert "Informe de gestión de atención al cliente" in text
    # The hand-computed values of tests/reports/test_indicators.py, as the scorecard prints them.
    for expected in ("75 %",       # oportunidad: 3 of 4 on time
                     "8,5 días",   # average business days
                     "18 días",    # p90
                     "60 %",       # favorables
                     "20 %",       # recursos
                     "25 %",       # revocatorias and visitas fallidas
                     "Satisfacción del usuario"):
        assert expected in text, expected
    # Each chart is drawn (its SVG labels) and tabulated: the kind's label shows twice or more.
    assert text.count("Reclamo") >= 2
    assert "Radicados por semana" in text and "Causales más frecuentes" in text
    assert report.status == ManagementReport.Status.GENERADO and len(report.sha256) == 64
    assert Event.objects.filter(kind="report.management_generated").count() == 1


def test_approve_then_send_through_the_outbox_with_the_pdf_attached():
    coord = make_user(Role.COORDINADOR, username="coord-m")
    gerente = make_user(Role.GERENTE, username="ger-m")
    report = management_report_generate(month=MARCH, actor=coord)
    with pytest.raises(ValidationError):   # not approved yet
        management_report_send(report=report, actor=coord)
    with pytest.raises(PermissionDenied):  # the gerente reads, does not approve
        management_report_approve(report=report, actor=gerente)
    report = management_report_approve(report=report, actor=coord)
    assert report.status == "aprobado" and report.approved_by == coord
    with pytest.raises(ValidationError):   # approved: never regenerated
        management_report_generate(month=MARCH, actor=coord)
    report = management_report_send(report=report, actor=coord)
    assert report.status == "enviado" and report.sent_at is not None
    email = OutgoingEmail.objects.get(purpose="informe_gestion")
    assert email.to == ["gerencia@cliente.example", "calidad@cliente.example"]
    assert email.attachments == [{"path": report.pdf.name, "mimetype": "application/pdf",
                                  "name": "informe-gestion-2025-03.pdf"}]
    assert "03/2025" in email.subject
    with pytest.raises(ValidationError):   # sent once
        management_report_send(report=report, actor=coord)
    moves = list(Event.objects.filter(kind="report.management_status").order_by("pk")
                 .values_list("data", flat=True))
    assert [(m["from"], m["to"]) for m in moves] == [("generado", "aprobado"),
                                                    ("aprobado", "enviado")]


def test_the_beat_drafts_last_month_once_on_the_first_business_day():
    # 1 June 2025 is a Sunday and 2 June a holiday (Ascensión): the first business day is 3 June.
    assert first_business_day(date(2025, 6, 1)) == date(2025, 6, 3)
    assert management_report_draft_due(date(2025, 6, 2)) is None
    report = management_report_draft_due(date(2025, 6, 3))
    assert report.month == date(2025, 5, 1) and report.generated_by is None
    assert management_report_draft_due(date(2025, 6, 3)) is None  # a second beat process
    assert management_report_draft_due(date(2025, 6, 4)) is None  # not the first business day
    assert ManagementReport.objects.count() == 1


def test_the_pages_list_generate_and_download(client):
    coord = make_user(Role.COORDINADOR, username="coord-m")
    client.force_login(coord)
    response = client.post(reverse("reports:management"), {"mes": "2025-03"})
    assert response.status_code == 302
    report = ManagementReport.objects.get(month=MARCH)
    page = client.get(reverse("reports:management")).content.decode()
    assert "03/2025" in page and reverse("reports:management-approve", args=[report.pk]) in page
    pdf = client.get(reverse("reports:management-pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    client.post(reverse("reports:management-approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "aprobado"
