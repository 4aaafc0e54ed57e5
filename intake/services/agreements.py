"""
Payment agreements (acuerdos de pago): the instalment schedule, the writes and the PDF.

schedule_for() is pure arithmetic (French amortisation at a monthly rate);
agreement_create() numbers the agreement in its own series ("AP") with the
row-locked counter; render_agreement_pdf() returns bytes and stores nothing.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caserecord.services import event_record
from caserecord.transitions import TransitionTable
from intake import policy
from intake.models import Case, Customer, PaymentAgreement
from intake.services import cases as services
from pqr_portal.access import require, roles_for
from pqr_portal.roles import Role

AGREEMENT_SERIES = "AP"
AGREEMENT_FORMAT = "AP-{year}-{number:05d}"
MAX_INSTALLMENTS = 60
MAX_MONTHLY_RATE = Decimal("5.00")  # far above the usury cap; a typo guard, not policy
CENT = Decimal("0.01")
AGREEMENT_OTHER_CUSTOMER = gettext_lazy(
    "El caso es de otro usuario: un acuerdo de pago solo se asocia a un caso del mismo usuario.")

_A = PaymentAgreement.Status
_COUNTER = {Role.FRONT_OFFICE, Role.COORDINADOR}
# Which status changes the counter may make on an agreement.
AGREEMENT_TABLE = TransitionTable("intake.paymentagreement", {
    (_A.BORRADOR, _A.FIRMADO): _COUNTER,
    (_A.BORRADOR, _A.ANULADO): _COUNTER,
    (_A.FIRMADO, _A.CUMPLIDO): _COUNTER,
    (_A.FIRMADO, _A.INCUMPLIDO): _COUNTER,
    (_A.FIRMADO, _A.ANULADO): {Role.COORDINADOR},
})


@dataclass(frozen=True)
class Installment:
    number: int
    due_date: date
    payment: Decimal
    interest: Decimal
    principal: Decimal
    balance: Decimal


def add_months(day: date, months: int) -> date:
    """Return `day` moved `months` ahead (back when negative), clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule_for(*, debt: Decimal, down_payment: Decimal, installments: int,
                 monthly_rate_percent: Decimal, first_due_date: date) -> list[Installment]:
    """
    Return the instalments that pay `debt - down_payment` at the monthly rate.

    Fixed payment (French system); the last instalment absorbs rounding so
    the balance ends at exactly zero.
    """
    principal = Decimal(debt) - Decimal(down_payment)
    rate = Decimal(monthly_rate_percent) / Decimal(100)
    n = int(installments)
    if rate == 0:
        payment = (principal / n).quantize(CENT, ROUND_HALF_UP)
    else:
        payment = (principal * rate / (1 - (1 + rate) ** -n)).quantize(CENT, ROUND_HALF_UP)
    rows, balance = [], principal
    for k in range(1, n + 1):
        interest = (balance * rate).quantize(CENT, ROUND_HALF_UP)
        amortised = payment - interest
        if k == n:
            amortised = balance
        balance = (balance - amortised).quantize(CENT, ROUND_HALF_UP)
        rows.append(Installment(k, add_months(first_due_date, k - 1), amortised + interest,
                                interest, amortised, balance))
    return rows


def agreement_validate(*, debt_amount, down_payment, installments, monthly_interest_rate,
                       first_due_date, today: date) -> None:
    """Raise ValidationError (per field, in Spanish) for terms the office cannot sign."""
    errors = {}
    if debt_amount is None or debt_amount <= 0:
        errors["debt_amount"] = _("La deuda debe ser mayor que cero.")
    if down_payment is None or down_payment < 0:
        errors["down_payment"] = _("La cuota inicial no puede ser negativa.")
    elif debt_amount is not None and down_payment >= debt_amount:
        errors["down_payment"] = _("La cuota inicial debe ser menor que la deuda; "
                                   "si la paga toda no hace falta acuerdo.")
    if installments is None or not 1 <= installments <= MAX_INSTALLMENTS:
        errors["installments"] = _("El número de cuotas debe estar entre 1 y %(max)s.") % {
            "max": MAX_INSTALLMENTS}
    if monthly_interest_rate is None or not 0 <= monthly_interest_rate <= MAX_MONTHLY_RATE:
        errors["monthly_interest_rate"] = _("El interés mensual debe estar entre 0 y "
                                            "%(max)s %%.") % {"max": MAX_MONTHLY_RATE}
    if first_due_date is None or first_due_date < today:
        errors["first_due_date"] = _("La primera cuota no puede vencer antes de hoy.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_create(*, customer: Customer, account_number: str, debt_amount: Decimal,
                     down_payment: Decimal, installments: int, monthly_interest_rate: Decimal,
                     first_due_date: date, actor, case: Case | None = None) -> PaymentAgreement:
    """
    Validate and save a draft agreement with its number; log it on the case if any.

    The case, when given, must be the customer's own: an agreement is never
    attached to (nor shown on the timeline of) another person's case.
    """
    require(policy.can_manage_agreements(actor))
    if case is not None and case.customer_id != customer.pk:
        raise ValidationError(AGREEMENT_OTHER_CUSTOMER)
    agreement_validate(debt_amount=debt_amount, down_payment=down_payment,
                       installments=installments, monthly_interest_rate=monthly_interest_rate,
                       first_due_date=first_due_date, today=timezone.localdate())
    number = services.radicado_next(series=AGREEMENT_SERIES, when=timezone.now(),
                                    fmt=AGREEMENT_FORMAT)
    agreement = PaymentAgreement.objects.create(
        number=number, customer=customer, case=case, account_number=account_number,
        debt_amount=debt_amount, down_payment=down_payment, installments=installments,
        monthly_interest_rate=monthly_interest_rate, first_due_date=first_due_date,
        created_by=actor,
    )
    event_record(
        case=case, record=agreement, kind="agreement.created", actor=actor,
        data={"agreement_id": agreement.pk, "number": number, "debt": debt_amount,
              "installments": installments},
    )
    return agreement


@transaction.atomic
def agreement_set_status(*, agreement: PaymentAgreement, status: str, actor) -> PaymentAgreement:
    """Move an agreement to `status` if allowed from its current one."""
    require(policy.can_manage_agreements(actor, agreement))
    agreement = PaymentAgreement.objects.select_for_update().get(pk=agreement.pk)
    if not AGREEMENT_TABLE.allows(agreement.status, status, roles_for(actor)):
        raise ValidationError(_("El acuerdo no puede pasar de «%(from)s» a «%(to)s».") % {
            "from": agreement.get_status_display(),
            "to": PaymentAgreement.Status(status).label})
    previous = agreement.status
    agreement.status = status
    agreement.save(update_fields=["status"])
    # On the agreement's own record, and on the case's timeline when it has one.
    event_record(
        case_id=agreement.case_id, record=agreement, kind="agreement.status_changed",
        actor=actor, data={"agreement_id": agreement.pk, "number": agreement.number,
                           "from": previous, "to": status},
    )
    return agreement


def agreement_schedule(agreement: PaymentAgreement) -> list[Installment]:
    return schedule_for(debt=agreement.debt_amount, down_payment=agreement.down_payment,
                        installments=agreement.installments,
                        monthly_rate_percent=agreement.monthly_interest_rate,
                        first_due_date=agreement.first_due_date)


def render_agreement_pdf(agreement: PaymentAgreement) -> bytes:
    """Return the agreement, with its instalment schedule and signature lines, as PDF bytes."""
    from django.conf import settings

    from pqr_portal.pdf import html_to_pdf

    schedule = agreement_schedule(agreement)
    html = render_to_string("intake/pdf/agreement.html", {
        "agreement": agreement, "customer": agreement.customer, "schedule": schedule,
        "financed": agreement.debt_amount - agreement.down_payment,
        "total_to_pay": agreement.down_payment + sum(r.payment for r in schedule),
        "company": settings.PQR_COMPANY_NAME, "today": timezone.localdate(),
    })
    return html_to_pdf(html)
