"""The front office desk: registration from any channel, quick answers, agreements."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caserecord.models import DataAccess
from caserecord.services import data_access_record
from intake import policy, services
from intake.choices import OPEN_STATUSES
from intake.forms import (
    AgreementForm,
    CustomerForm,
    CustomerSearchForm,
    QuickAnswerForm,
    StaffCaseForm,
)
from intake.models import Customer, PaymentAgreement
from intake.selectors import case_get_for, customer_search, possible_duplicates
from intake.services.agreements import (
    AGREEMENT_TABLE,
    agreement_create,
    agreement_schedule,
    agreement_set_status,
    render_agreement_pdf,
)
from intake.services.desk import case_register_at_desk, quick_answer_register
from pqr_portal.access import policy_required, roles_for
from pqr_portal.params import id_or_none


def _customer_initial(customer: Customer | None) -> dict:
    if customer is None:
        return {}
    return {f: getattr(customer, f) for f in (
        "id_type", "id_number", "first_name", "last_name", "business_name", "phone", "email",
        "address", "municipality", "estrato", "accounts")}


def _selected_customer(request):
    pk = id_or_none(request.GET.get("cliente") or request.POST.get("cliente"))
    if pk is not None:
        return Customer.objects.filter(pk=pk).select_related("municipality").first()
    return None


def _desk_context(request, customer, **extra):
    search = CustomerSearchForm(request.GET if "q" in request.GET else None)
    results = []
    if search.is_bound and search.is_valid() and search.cleaned_data["q"]:
        results = list(customer_search(search.cleaned_data["q"]).order_by("last_name", "pk")[:20])
    open_cases = []
    if customer is not None:
        open_cases = list(customer.cases.filter(status__in=OPEN_STATUSES)
                          .select_related("causal", "response_term").order_by("-filed_at")[:10])
    return {"search_form": search, "results": results, "searched": search.is_bound,
            "customer": customer, "open_cases": open_cases, **extra}


@policy_required(policy.can_register)
@require_http_methods(["GET", "POST"])
def register(request):
    """Find the customer, prefill, warn about duplicates, register, hand over the constancia."""
    customer = _selected_customer(request)
    if request.method == "POST":
        customer_form = CustomerForm(request.POST, prefix="c")
        case_form = StaffCaseForm(request.POST, request.FILES)
        if customer_form.is_valid() and case_form.is_valid():
            case = _register(request, customer_form, case_form)
            if case is not None:
                return redirect("intake:registered", case_id=case.pk)
    else:
        customer_form = CustomerForm(prefix="c", initial=_customer_initial(customer))
        case_form = StaffCaseForm(initial={
            "account_number": customer.account_list[0] if customer and customer.account_list else "",
            "notify_address": customer.address if customer else "",
            "notify_email": customer.email if customer else "",
        })
    ctx = _desk_context(request, customer, customer_form=customer_form, case_form=case_form,
                        can_quick_answer=policy.can_quick_answer(request.user),
                        page_title=_("Radicar una solicitud"))
    return render(request, "intake/front/register.html", ctx,
                  status=400 if request.method == "POST" else 200)


def _register(request, customer_form, case_form):
    cust = customer_form.cleaned_data
    try:
        case = case_register_at_desk(
            customer_data={"id_type": cust["id_type"], "id_number": cust["id_number"],
                           **customer_form.customer_fields()},
            actor=request.user, **case_form.cleaned_data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                target = field if field in case_form.fields else None
                for e in errors:
                    case_form.add_error(target, e)
        else:
            case_form.add_error(None, exc)
        return None
    duplicates = list(possible_duplicates(account_number=case.account_number,
                                          causal_id=case.causal_id, exclude_pk=case.pk)[:5])
    messages.success(request, _("Solicitud radicada con el número %(r)s.") % {"r": case.radicado})
    if duplicates:
        messages.warning(request, _("Posible duplicado: la cuenta ya tiene abiertos por la misma "
                                    "causal los casos %(list)s.") % {
            "list": ", ".join(c.radicado for c in duplicates)})
    return case


@policy_required(policy.can_register)
@require_GET
def duplicate_check(request):
    """htmx partial: open cases with the same account and causal (a warning, never a block)."""
    causal = request.GET.get("causal")
    duplicates = possible_duplicates(account_number=request.GET.get("account_number", ""),
                                     causal_id=id_or_none(causal))
    return render(request, "intake/front/_duplicates.html",
                  {"duplicates": list(duplicates[:5])})


@policy_required(policy.can_register)
@require_GET
def registered(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    return render(request, "intake/front/registered.html", {
        "case": case, "page_title": _("Radicado %(r)s") % {"r": case.radicado}})


@policy_required(policy.can_print_receipt)
@require_GET
def case_receipt(request, case_id: int):
    """The constancia de radicación (verbal requests included) as a PDF download."""
    from intake.pdf import render_receipt

    case = case_get_for(request.user, case_id=case_id)
    content = render_receipt(case)
    data_access_record(kind=DataAccess.Kind.RECEIPT, request=request, case=case)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="constancia-{case.radicado}.pdf"'
    return response


@policy_required(policy.can_quick_answer)
@require_http_methods(["GET", "POST"])
def quick_answer(request):
    """Información answered at first contact: a case closed at once with what was said."""
    customer = _selected_customer(request)
    if request.method == "POST":
        customer_form = CustomerForm(request.POST, prefix="c")
        form = QuickAnswerForm(request.POST)
        if customer_form.is_valid() and form.is_valid():
            d = form.cleaned_data
            cust = customer_form.cleaned_data
            with transaction.atomic():
                customer = services.customer_upsert(
                    id_type=cust["id_type"], id_number=cust["id_number"], actor=request.user,
                    **customer_form.customer_fields())
                case = quick_answer_register(
                    customer=customer, channel=d["channel"], topic=d["topic"],
                    question=d["question"], answer=d["answer"], actor=request.user,
                    account_number=d["account_number"].strip())
            messages.success(request, _("Consulta registrada y cerrada con el radicado %(r)s.")
                             % {"r": case.radicado})
            return redirect("intake:registered", case_id=case.pk)
    else:
        customer_form = CustomerForm(prefix="c", initial=_customer_initial(customer))
        form = QuickAnswerForm(initial={
            "account_number": customer.account_list[0] if customer and customer.account_list else ""})
    ctx = _desk_context(request, customer, customer_form=customer_form, form=form,
                        page_title=_("Respuesta en primer contacto"))
    return render(request, "intake/front/quick_answer.html", ctx,
                  status=400 if request.method == "POST" else 200)


# --- payment agreements --------------------------------------------------------------

@policy_required(policy.can_manage_agreements)
@require_http_methods(["GET", "POST"])
def agreement_new(request, customer_id: int):
    customer = get_object_or_404(Customer, pk=customer_id)
    case = None
    if (case_id := id_or_none(request.GET.get("caso") or request.POST.get("caso"))) is not None:
        case = case_get_for(request.user, case_id=case_id)
    form = AgreementForm(request.POST or None, initial={
        "account_number": customer.account_list[0] if customer.account_list else "",
        "installments": 6, "monthly_interest_rate": "0.00"})
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_create(customer=customer, case=case, actor=request.user,
                                         **form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, field_errors in errors.items():
                for e in field_errors:
                    form.add_error(field if field in form.fields else None, e)
        else:
            messages.success(request, _("Acuerdo de pago %(n)s creado.") % {"n": agreement.number})
            return redirect("intake:agreement-detail", agreement_id=agreement.pk)
    return render(request, "intake/front/agreement_form.html", {
        "form": form, "customer": customer, "case": case,
        "page_title": _("Nuevo acuerdo de pago")},
        status=400 if request.method == "POST" else 200)


@policy_required(policy.can_manage_agreements)
@require_GET
def agreement_detail(request, agreement_id: int):
    agreement = get_object_or_404(PaymentAgreement.objects.select_related("customer", "case"),
                                  pk=agreement_id)
    return render(request, "intake/front/agreement_detail.html", {
        "agreement": agreement, "schedule": agreement_schedule(agreement),
        # In the order of the statuses (annulment, the exceptional one, last).
        "next_statuses": [s for s in PaymentAgreement.Status if s in AGREEMENT_TABLE.allowed_targets(
            agreement.status, roles_for(request.user))],
        "page_title": _("Acuerdo de pago %(n)s") % {"n": agreement.number}})


@policy_required(policy.can_manage_agreements)
@require_GET
def agreement_pdf(request, agreement_id: int):
    agreement = get_object_or_404(PaymentAgreement.objects.select_related("customer"),
                                  pk=agreement_id)
    content = render_agreement_pdf(agreement)
    data_access_record(kind=DataAccess.Kind.AGREEMENT, request=request,
                       case_id=agreement.case_id, record=agreement)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="acuerdo-{agreement.number}.pdf"'
    return response


@policy_required(policy.can_manage_agreements)
@require_POST
def agreement_status(request, agreement_id: int):
    agreement = get_object_or_404(PaymentAgreement, pk=agreement_id)
    try:
        agreement = agreement_set_status(agreement=agreement, status=request.POST.get("status", ""),
                                         actor=request.user)
    except (ValidationError, ValueError):
        messages.error(request, _("Ese cambio de estado no es posible para el acuerdo."))
    else:
        messages.success(request, _("Acuerdo %(n)s: %(s)s") % {
            "n": agreement.number, "s": agreement.get_status_display()})
    return redirect("intake:agreement-detail", agreement_id=agreement.pk)
