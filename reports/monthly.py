"""
The monthly management report (informe de gestión) for the client utility.

A PDF (WeasyPrint) of one month: summary, indicators against targets, the
dashboard's own SVG charts, top causales, SAP and non-conformities with their
treatment, visits and satisfaction. Born `generado` (on demand or by the beat
on the first business day of the next month), approved by the coordinator,
then e-mailed through the outbox with the PDF attached as a stored file.
Moves: reports.transitions.MANAGEMENT_REPORT (docs/transitions.md).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.outbox import email_enqueue
from caserecord.services import event_record
from compliance.clock import legal_calendar
from compliance.models import NonConformity
from compliance.selectors import nonconformity_counts
from pqr_portal.access import require, roles_for
from pqr_portal.roles import Role
from reports import policy
from reports.dashboard import field_work, inflow
from reports.indicators import scorecard
from reports.models import ManagementReport
from reports.periods import Period, month_end, month_start
from reports.surveys import survey_summary
from reports.transitions import MANAGEMENT_REPORT
from responses.selectors import sap_recognized_count

PDF_MIME = "application/pdf"


def report_context(month: date) -> dict:
    """Everything the PDF shows for `month` (aggregates only, a fixed number of queries)."""
    period = Period(month, month_end(month))
    lo, hi = period.bounds
    came_in = inflow(period)
    rows = scorecard(period)
    visits = field_work(period)
    nc_rows = [{"kind": NonConformity.Kind(kind).label, "status": NonConformity.Status(st).label,
                "n": n} for kind, st, n in nonconformity_counts(lo=lo, hi=hi)]
    return {
        "company": settings.PQR_COMPANY_NAME, "period": period, "month": month,
        "generated_at": timezone.localtime(), "total": came_in["total"], "rows": rows,
        "values": {r["code"]: r for r in rows},
        "charts": [came_in["by_kind"], came_in["by_channel"], came_in["by_municipality"],
                   came_in["weekly"]],
        "causales": came_in["by_causal"],
        "sap_recognized": sap_recognized_count(lo=lo, hi=hi),
        "nonconformities": nc_rows,
        "visits": visits,
        "satisfaction": survey_summary(period),
        "visits_total": {k: sum(v[k] for v in visits) for k in ("scheduled", "executed",
                                                                 "failed")},
    }


def report_pdf(month: date) -> bytes:
    """Render the PDF of `month` (bytes; nothing stored)."""
    from pqr_portal.pdf import html_to_pdf

    html = render_to_string("reports/pdf/management.html", report_context(month))
    return html_to_pdf(html)


def _store(report: ManagementReport, pdf: bytes) -> None:
    report.sha256 = hashlib.sha256(pdf).hexdigest()
    report.pdf.save(f"informe-gestion-{report.month:%Y-%m}.pdf", ContentFile(pdf), save=False)


@transaction.atomic
def management_report_generate(*, month: date, actor) -> ManagementReport:
    """
    Generate the report of `month`, or regenerate it while it is still `generado`
    (an approved or sent report is never replaced).
    """
    require(actor is None or policy.can_manage_reports(actor))
    month = month_start(month)
    report = ManagementReport.objects.select_for_update().filter(month=month).first()
    if report is not None and report.status != ManagementReport.Status.GENERADO:
        raise ValidationError(_("El informe de %(month)s ya fue aprobado: no se regenera.")
                         % {"month": f"{month:%m/%Y}"})
    report = report or ManagementReport(month=month)
    _store(report, report_pdf(month))
    report.generated_by, report.generated_at = actor, timezone.now()
    report.save()
    event_record(record=report, kind="report.management_generated", actor=actor,
                 data={"month": f"{month:%Y-%m}", "sha256": report.sha256})
    return report


def _move(report: ManagementReport, to: str, actor, roles) -> None:
    MANAGEMENT_REPORT.require(report.status, to, roles,
                              _("El informe no está en un estado que permita ese paso."))
    old = report.status
    report.status = to
    event_record(record=report, kind="report.management_status", actor=actor,
                 data={"month": f"{report.month:%Y-%m}", "from": old, "to": to})


@transaction.atomic
def management_report_approve(*, report: ManagementReport, actor) -> ManagementReport:
    require(policy.can_manage_reports(actor))
    report = ManagementReport.objects.select_for_update().get(pk=report.pk)
    _move(report, ManagementReport.Status.APROBADO, actor, roles_for(actor))
    report.approved_by, report.approved_at = actor, timezone.now()
    report.save(update_fields=["status", "approved_by", "approved_at"])
    return report


@transaction.atomic
def management_report_send(*, report: ManagementReport, actor) -> ManagementReport:
    """E-mail an approved report to REPORTS_MANAGEMENT_RECIPIENTS through the outbox."""
    require(actor is None or policy.can_manage_reports(actor))
    recipients = list(settings.REPORTS_MANAGEMENT_RECIPIENTS)
    if not recipients:
        raise ValidationError(_("No hay destinatarios configurados (REPORTS_MANAGEMENT_RECIPIENTS)."))
    report = ManagementReport.objects.select_for_update().get(pk=report.pk)
    _move(report, ManagementReport.Status.ENVIADO, actor,
          roles_for(actor) if actor is not None else {Role.SYSTEM})
    report.sent_at = timezone.now()
    report.save(update_fields=["status", "sent_at"])
    month = f"{report.month:%m/%Y}"
    email_enqueue(
        to=recipients, purpose="informe_gestion",
        subject=_("Informe de gestión de atención al cliente, %(month)s") % {"month": month},
        body=_("Adjuntamos el informe de gestión de atención al cliente de %(month)s "
               "(SHA-256 %(sha)s).") % {"month": month, "sha": report.sha256},
        attachments=[{"path": report.pdf.name, "mimetype": PDF_MIME,
                      "name": f"informe-gestion-{report.month:%Y-%m}.pdf"}],
        dedupe_key=f"informe-gestion-{report.month:%Y-%m}")
    return report


def first_business_day(month: date) -> date:
    """The first business day of `month` on the legal calendar (holidays and closures)."""
    return legal_calendar().on_or_after(month_start(month))


def management_report_draft_due(today: date | None = None) -> ManagementReport | None:
    """
    The beat's step: on the first business day of a month, draft the report of
    the month before, once. Several beat processes may run it: the month is
    unique, so the second insert fails and that process returns None.
    """
    today = today or timezone.localdate()
    if today != first_business_day(today):
        return None
    month = month_start(month_start(today) - timedelta(days=1))
    if ManagementReport.objects.filter(month=month).exists():
        return None
    try:
        with transaction.atomic():
            report = ManagementReport(month=month)
            _store(report, report_pdf(month))
            report.save(force_insert=True)
            event_record(record=report, kind="report.management_generated", actor=None,
                         data={"month": f"{month:%Y-%m}", "sha256": report.sha256})
    except IntegrityError:
        return None  # another beat process drafted it first
    return report
