"""Pages of the cuenta de cobro (lines, detail, reconciliation), unit prices and novelties."""

import tempfile
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from caserecord.models import DataAccess
from caserecord.services import data_access_record, record_history
from pqr_portal.access import policy_required, roles_for
from reports import policy
from reports.billing import (
    ACTIVITIES,
    billing_lines,
    novelty_add,
    price_set,
    prices_on,
    statement_create,
    statement_period,
    statement_set_status,
    statement_xlsx,
)
from reports.forms_billing import NoveltyForm, PeriodForm, PriceForm, StatusForm
from reports.models import BillingStatement, StaffNovelty, UnitPrice
from reports.periods import Period, month_end, month_start, parse_month
from reports.transitions import BILLING_STATEMENT
from reports.writers import XLSX_MIME


def _guard_post(request):
    if request.method == "POST" and not policy.can_manage_reports(request.user):
        raise PermissionDenied


def _last_month() -> Period:
    first = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    return Period(first, month_end(first))


@policy_required(policy.can_view_dashboard)
def billing(request):
    """The cuentas de cobro; a period's lines previewed (GET) or the cuenta generated (POST)."""
    _guard_post(request)
    default = _last_month()
    form = PeriodForm(request.POST or request.GET or None,
                      initial={"desde": default.start, "hasta": default.end})
    period = default
    if form.is_bound and form.is_valid():
        period = Period(form.cleaned_data["desde"], form.cleaned_data["hasta"])
        if request.method == "POST":
            statement = statement_create(period=period, actor=request.user)
            messages.success(request, _("Cuenta de cobro %(n)s generada.")
                             % {"n": statement.number})
            return redirect("reports:billing-detail", statement_id=statement.pk)
    return render(request, "reports/billing.html", {
        "page_title": _("Cuenta de cobro"), "form": form, "period": period,
        "preview": billing_lines(period), "statements": BillingStatement.objects.all()[:50],
        "can_manage": policy.can_manage_reports(request.user),
        "can_export_personal": policy.can_export_personal(request.user)})


@policy_required(policy.can_view_dashboard)
def billing_detail(request, statement_id: int):
    """One cuenta: its lines with the detail behind each, its status and history."""
    _guard_post(request)
    statement = get_object_or_404(BillingStatement, pk=statement_id)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            statement_set_status(statement=statement, actor=request.user,
                                 to=form.cleaned_data["to"], note=form.cleaned_data["note"])
            messages.success(request, _("Estado de la cuenta actualizado."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("reports:billing-detail", statement_id=statement.pk)
    labels = dict(BillingStatement.Status.choices)
    targets = [(t, labels[t]) for t in BILLING_STATEMENT.allowed_targets(
        statement.status, roles_for(request.user))]
    return render(request, "reports/billing_detail.html", {
        "page_title": _("Cuenta de cobro %(n)s") % {"n": statement.number},
        "statement": statement, "period": statement_period(statement), "form": form,
        "history": record_history(statement), "targets": targets,
        "can_manage": policy.can_manage_reports(request.user),
        "can_export_personal": policy.can_export_personal(request.user)})


@policy_required(policy.can_view_dashboard)
@require_GET
def billing_pdf(request, statement_id: int):
    statement = get_object_or_404(BillingStatement, pk=statement_id)
    data_access_record(kind=DataAccess.Kind.REPORT, request=request, record=statement)
    return FileResponse(statement.pdf.open("rb"), as_attachment=True,
                        filename=f"{statement.number}.pdf", content_type="application/pdf")


@policy_required(policy.can_view_dashboard)
@require_GET
def billing_xlsx(request, statement_id: int):
    statement = get_object_or_404(BillingStatement, pk=statement_id)
    tmp = tempfile.TemporaryFile()  # closed by FileResponse
    statement_xlsx(statement, tmp)
    tmp.seek(0)
    data_access_record(kind=DataAccess.Kind.REPORT, request=request, record=statement)
    return FileResponse(tmp, as_attachment=True, filename=f"{statement.number}.xlsx",
                        content_type=XLSX_MIME)


@policy_required(policy.can_view_dashboard)
def prices(request):
    """The unit prices in force today and their history; the coordinator adds a version."""
    _guard_post(request)
    form = PriceForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        price_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Precio registrado."))
        return redirect("reports:prices")
    current = prices_on(timezone.localdate())
    return render(request, "reports/prices.html", {
        "page_title": _("Precios unitarios del contrato"), "form": form,
        "current": [(label, current[code]) for code, label in ACTIVITIES],
        "history": UnitPrice.objects.select_related("set_by")[:200],
        "can_manage": policy.can_manage_reports(request.user),
        "can_export_personal": policy.can_export_personal(request.user)})


@policy_required(policy.can_view_dashboard)
def novelties(request):
    """The staff novelties of a month; the coordinator enters them; exported for payroll."""
    _guard_post(request)
    month = parse_month(request.GET.get("mes", "")) or month_start(timezone.localdate())
    form = NoveltyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        novelty = novelty_add(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Novedad registrada."))
        return redirect(f"{request.path}?mes={novelty.day:%Y-%m}")
    rows = StaffNovelty.objects.filter(day__range=(month, month_end(month))) \
        .select_related("person")
    return render(request, "reports/novelties.html", {
        "page_title": _("Novedades de nómina"), "form": form, "month": month,
        "rows": rows, "can_manage": policy.can_manage_reports(request.user),
        "can_export_personal": policy.can_export_personal(request.user)})
