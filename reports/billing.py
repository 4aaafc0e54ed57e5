"""
Billing the client (the cuenta de cobro) and the staff novelties for payroll.

The cuenta of a period counts the executed activities — cases handled to the
end by kind (closed, transferred, withdrawn: intake.selectors.finished_cases),
visits executed and failed (planned in the period), letters whose
notification was completed — at the contract's unit prices in force on the
period's first day (UnitPrice, versioned). Its lines are kept as computed;
the detail behind each line is read again from the same selectors
(`line_detail`) for the page, the XLSX and the exports. Reconciliation with
the client: reports.transitions.BILLING_STATEMENT, each move an event with
the coordinator's note (the history).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from caserecord.numbering import number_next
from caserecord.services import event_record
from field_visits.selectors import visits_closed
from intake.choices import CaseKind
from intake.selectors import finished_cases
from pqr_portal.access import require, roles_for
from reports import policy
from reports.models import BillingStatement, StaffNovelty, UnitPrice
from reports.periods import Period
from reports.transitions import BILLING_STATEMENT
from responses.selectors import notified_letters

VISIT_EXECUTED, VISIT_FAILED, LETTERS = "visita_ejecutada", "visita_fallida", "carta_notificada"
ACTIVITIES: list[tuple[str, str]] = [
    *((f"caso_{k.value}", L("Caso atendido: %(kind)s") % {"kind": k.label}) for k in CaseKind),
    (VISIT_EXECUTED, L("Visita técnica ejecutada")),
    (VISIT_FAILED, L("Visita técnica fallida")),
    (LETTERS, L("Carta notificada")),
]
LABELS = dict(ACTIVITIES)
DETAIL_HEADER = {
    "caso": [L("radicado"), L("tipo"), L("estado"), L("cerrado el")],
    "visita": [L("orden"), L("radicado"), L("fecha"), L("brigadista"), L("estado")],
    LETTERS: [L("radicado de salida"), L("radicado"), L("notificada el"), L("forma")],
}


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def prices_on(day: date) -> dict[str, Decimal]:
    """The unit price in force on `day` of each activity (0 when none was ever set)."""
    latest = UnitPrice.objects.filter(activity=OuterRef("activity"), valid_from__lte=day) \
        .order_by("-valid_from").values("price")[:1]
    rows = UnitPrice.objects.filter(valid_from__lte=day).values("activity").distinct() \
        .annotate(price=Subquery(latest)).values_list("activity", "price")
    found = dict(rows)
    return {code: found.get(code, Decimal("0")) for code, _label in ACTIVITIES}


@transaction.atomic
def price_set(*, activity: str, price: Decimal, valid_from: date, actor) -> UnitPrice:
    """A new version of one unit price (the same day again replaces that day's price)."""
    require(policy.can_manage_reports(actor))
    if activity not in LABELS:
        raise ValueError(activity)
    row, _created = UnitPrice.objects.update_or_create(
        activity=activity, valid_from=valid_from, defaults={"price": price, "set_by": actor,
                                                           "set_at": timezone.now()})
    event_record(record=row, kind="report.price_set", actor=actor,
                 data={"activity": activity, "price": str(price),
                       "valid_from": valid_from.isoformat()})
    return row


def quantities(period: Period) -> dict[str, int]:
    """How many of each activity were executed in `period` (a few GROUP BYs)."""
    lo, hi = period.bounds
    out = {code: 0 for code in LABELS}
    for kind, n in finished_cases(lo=lo, hi=hi).values_list("kind").annotate(n=Count("pk")) \
            .order_by():
        out[f"caso_{kind}"] = n
    out[VISIT_EXECUTED] = visits_closed(start=period.start, end=period.end,
                                        status="ejecutada").count()
    out[VISIT_FAILED] = visits_closed(start=period.start, end=period.end,
                                      status="fallida").count()
    out[LETTERS] = notified_letters(lo=lo, hi=hi).count()
    return out


def billing_lines(period: Period) -> list[dict]:
    """The lines of the cuenta: activity, quantity, unit price, amount (only non-zero ones)."""
    prices, counts = prices_on(period.start), quantities(period)
    return [{"code": code, "label": str(label), "quantity": counts[code],
             "unit_price": str(_money(prices[code])),
             "amount": str(_money(counts[code] * prices[code]))}
            for code, label in ACTIVITIES if counts[code]]


def line_detail(period: Period, code: str) -> tuple[list[str], Iterator[list]]:
    """The header and the rows (streamed) behind one line of the cuenta."""
    lo, hi = period.bounds
    if code.startswith("caso_"):
        rows = finished_cases(lo=lo, hi=hi).filter(kind=code[5:]).values_list(
            "radicado", "kind", "status", "status_changed_at").iterator(chunk_size=2000)
        return [str(h) for h in DETAIL_HEADER["caso"]], (list(r) for r in rows)
    if code in (VISIT_EXECUTED, VISIT_FAILED):
        status = "ejecutada" if code == VISIT_EXECUTED else "fallida"
        rows = visits_closed(start=period.start, end=period.end, status=status) \
            .iterator(chunk_size=2000)
        return [str(h) for h in DETAIL_HEADER["visita"]], (list(r) for r in rows)
    if code == LETTERS:
        rows = notified_letters(lo=lo, hi=hi).iterator(chunk_size=2000)
        return [str(h) for h in DETAIL_HEADER[LETTERS]], (list(r) for r in rows)
    raise ValueError(code)


def statement_period(statement: BillingStatement) -> Period:
    return Period(statement.period_start, statement.period_end)


def statement_pdf(statement: BillingStatement) -> bytes:
    from pqr_portal.pdf import html_to_pdf

    html = render_to_string("reports/pdf/billing.html", {
        "company": settings.PQR_COMPANY_NAME, "statement": statement,
        "lines": statement.lines, "generated_at": timezone.localtime()})
    return html_to_pdf(html)


def statement_xlsx(statement: BillingStatement, out) -> None:
    """The cuenta as XLSX (write-only): the summary sheet, then one sheet of detail per line."""
    from openpyxl import Workbook

    from reports.writers import cell

    book = Workbook(write_only=True)
    summary = book.create_sheet(title=_("Cuenta de cobro")[:31])
    summary.append([statement.number, f"{statement.period_start} — {statement.period_end}",
                    statement.get_status_display()])
    summary.append([_("actividad"), _("cantidad"), _("precio unitario"), _("valor")])
    for line in statement.lines:
        summary.append([line["label"], line["quantity"], Decimal(line["unit_price"]),
                        Decimal(line["amount"])])
    summary.append([_("Total"), "", "", statement.total])
    period = statement_period(statement)
    for i, line in enumerate(statement.lines, 1):
        header, rows = line_detail(period, line["code"])
        sheet = book.create_sheet(title=f"{i} {line['code']}"[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([cell(v) for v in row])
    book.save(out)


@transaction.atomic
def statement_create(*, period: Period, actor) -> BillingStatement:
    """Compute, number and keep the cuenta of `period` with its PDF; born `enviada`."""
    require(policy.can_manage_reports(actor))
    lines = billing_lines(period)
    now = timezone.now()
    statement = BillingStatement(
        number=number_next(series="cuenta_cobro", when=now, fmt="CC-{year}-{number:04d}"),
        period_start=period.start, period_end=period.end, lines=lines, created_by=actor,
        created_at=now, total=sum((Decimal(line["amount"]) for line in lines), Decimal("0")))
    pdf = statement_pdf(statement)
    statement.pdf.save(f"{statement.number}.pdf", ContentFile(pdf), save=False)
    statement.save()
    event_record(record=statement, kind="report.billing_created", actor=actor,
                 data={"number": statement.number, "total": str(statement.total),
                       "sha256": hashlib.sha256(pdf).hexdigest()})
    return statement


@transaction.atomic
def statement_set_status(*, statement: BillingStatement, to: str, note: str,
                         actor) -> BillingStatement:
    """Record the client's observation, a resend or the agreement, with the coordinator's note."""
    require(policy.can_manage_reports(actor))
    statement = BillingStatement.objects.select_for_update().get(pk=statement.pk)
    BILLING_STATEMENT.require(statement.status, to, roles_for(actor),
                              _("La cuenta no está en un estado que permita ese paso."))
    old, statement.status = statement.status, to
    statement.save(update_fields=["status"])
    event_record(record=statement, kind="report.billing_status", actor=actor, note=note.strip(),
                 data={"number": statement.number, "from": old, "to": to})
    return statement


# --- staff novelties ---------------------------------------------------------------------

def novelty_add(*, person, kind: str, day: date, hours: Decimal, note: str,
                actor) -> StaffNovelty:
    require(policy.can_manage_reports(actor))
    novelty = StaffNovelty.objects.create(person=person, kind=kind, day=day, hours=hours,
                                          note=note.strip(), entered_by=actor)
    event_record(record=novelty, kind="report.novelty_added", actor=actor,
                 data={"person": person.pk, "kind": kind, "day": day.isoformat(),
                       "hours": str(hours)})
    return novelty


NOVELTY_HEADER = [L("id"), L("usuario"), L("nombre"), L("novedad"), L("fecha"),
                  L("horas"), L("detalle")]


def novelty_rows(period: Period) -> Iterator[list]:
    """The novelties of `period`, per person then day, for the financial process."""
    kinds = dict(StaffNovelty.Kind.choices)
    rows = StaffNovelty.objects.filter(day__range=(period.start, period.end)) \
        .order_by("person__username", "day", "pk") \
        .values_list("person__pk", "person__username", "person__first_name",
                     "person__last_name", "kind", "day", "hours", "note")
    for pk, username, first, last, kind, day, hours, note in rows.iterator(chunk_size=2000):
        yield [pk, username, f"{first} {last}".strip(), str(kinds.get(kind, kind)), day, hours,
               note]

