"""
The holder's requests about their personal data: the citizen's page (no
login; radicado + tracking code) and the staff actions on the request case
(access report, correction, suppression).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from habeas import policy
from habeas.forms import AccessReportForm, CorrectionForm, PublicHabeasForm, SuppressionForm
from habeas.services import access_report_issue, habeas_file_public, suppression_execute
from habeas.services.suppression import SUPPRESSION_KINDS, suppression_plan
from intake.choices import CaseKind
from intake.models import Case
from intake.selectors import case_get_for
from intake.services.privacy import customer_correct
from pqr_portal import ratelimit
from pqr_portal.access import policy_required

# Attempts per client address: the same budget as the tracking page.
HABEAS_RATE = "20/h"


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def request_file(request):
    """File an access, correction or suppression request with radicado + tracking code."""
    from intake.services.receipts import receipt_recipient
    from intake.views.public import with_case_remembered

    ctx = {"page_title": _("Mis datos personales")}
    if request.method == "GET":
        ctx["form"] = PublicHabeasForm()
        return render(request, "habeas/public/request.html", ctx)
    if not ratelimit.hit_rate(f"habeas:{ratelimit.client_key(request)}", HABEAS_RATE):
        ctx.update(form=PublicHabeasForm(), too_many=True)
        return render(request, "habeas/public/request.html", ctx, status=429)
    form = PublicHabeasForm(request.POST, request.FILES)
    ctx["form"] = form
    if not form.is_valid():
        return render(request, "habeas/public/request.html", ctx, status=400)
    data = form.cleaned_data
    try:
        case = habeas_file_public(
            radicado=data["radicado"], tracking_code=data["tracking_code"],
            right=data["right"], description=data["description"],
            electronic_consent=data["electronic_consent"],
            attachments=[data["attachment"]] if data.get("attachment") else [])
    except ValidationError as exc:
        for msg in exc.messages:
            form.add_error(None, msg)
        return render(request, "habeas/public/request.html", ctx, status=400)
    response = render(request, "habeas/public/filed.html", {
        "page_title": _("Solicitud radicada"), "case": case,
        "due_date": case.response_term.due_date if case.response_term else None,
        "filed_local": timezone.localtime(case.filed_at), "email_to": receipt_recipient(case),
    })
    return with_case_remembered(request, response, case)


def _request_case(user, case_id: int, kinds) -> Case:
    """The request case `case_id` if the user may see it and it is of `kinds`; else 404."""
    case = case_get_for(user, case_id=case_id)
    if case.kind not in kinds:
        raise Http404
    return case


@policy_required(policy.can_issue_access_report)
@require_POST
def access_report(request, case_id: int):
    """Attach the holder's data report (PDF and JSON) to the consulta."""
    case = _request_case(request.user, case_id, {CaseKind.DATOS_CONSULTA})
    form = AccessReportForm(request.POST)
    form.is_valid()
    try:
        access_report_issue(case=case, actor=request.user,
                            identity_verified=form.cleaned_data.get("identity_verified", False))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, _("Reporte de datos personales generado y adjunto al caso."))
    return redirect(case)


@policy_required(policy.can_correct_data)
@require_http_methods(["GET", "POST"])
def correct(request, case_id: int):
    """Correct the holder's record on a reclamo de corrección."""
    case = _request_case(request.user, case_id, {CaseKind.DATOS_RECTIFICACION})
    customer = case.customer
    fields = ("first_name", "last_name", "business_name", "phone", "email", "address")
    form = CorrectionForm(request.POST or None,
                          initial={f: getattr(customer, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        changed = customer_correct(customer=customer, actor=request.user, case=case,
                                   **{f: form.cleaned_data[f] for f in fields})
        if changed:
            messages.success(request, _("Datos del titular corregidos."))
        else:
            messages.info(request, _("No hubo cambios en los datos del titular."))
        return redirect(case)
    return render(request, "habeas/correct.html", {
        "page_title": _("Corregir datos del titular"), "case": case, "form": form},
        status=400 if request.method == "POST" else 200)


@policy_required(policy.can_suppress)
@require_http_methods(["GET", "POST"])
def suppression(request, case_id: int):
    """What the suppression would anonymise and keep (and why); executing it on POST."""
    case = _request_case(request.user, case_id, SUPPRESSION_KINDS)
    form = SuppressionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = suppression_execute(request=case, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Supresión ejecutada: %(n)s casos anonimizados.")
                             % {"n": len(plan.anonymise)})
            return redirect(case)
    return render(request, "habeas/suppression.html", {
        "page_title": _("Supresión de datos personales"), "case": case, "form": form,
        "plan": suppression_plan(request=case), "retention_years": settings.PQR_RETENTION_YEARS,
    }, status=400 if request.method == "POST" else 200)
