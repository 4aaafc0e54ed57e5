"""
Staff pages that change a term with a letter to the petitioner (prórroga,
suspension for pruebas) and register the postal dispatch of such letters.
The plain term pages (resume, the "incompleta" suspension) live in compliance.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compliance.models import Term
from compliance.terms import BOGOTA
from pqr_portal.access import policy_required
from responses import forms, policy, services
from responses.models import Communication
from responses.views import _form_errors


def _term_letter_action(request, term_id, form_class, title, run):
    # Only term editors reach here, and they may see every case of the office.
    term = get_object_or_404(Term.objects.select_related("case"), pk=term_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run(term, form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Término actualizado; la comunicación al peticionario "
                                        "quedó emitida."))
            return redirect(term.case.get_absolute_url())
    return render(request, "compliance/term_action.html", {
        "page_title": title, "form": form, "term": term, "case": term.case,
        "terms": [term], "today": timezone.localtime(timezone.now(), BOGOTA).date()},
        status=400 if form.is_bound and form.errors else 200)


@policy_required(policy.can_change_term_with_letter)
def term_extend(request, term_id: int):
    def run(term, data):
        services.term_extension_grant(term=term, extra_days=data["extra_days"],
                                      reasons=data["reasons"], actor=request.user)
    return _term_letter_action(request, term_id, forms.TermExtensionForm,
                               _("Prorrogar el término"), run)


@policy_required(policy.can_change_term_with_letter)
def term_pruebas(request, term_id: int):
    def run(term, data):
        services.term_suspension_for_pruebas(term=term, reasons=data["reasons"],
                                             evidence=data["evidence"], actor=request.user)
    return _term_letter_action(request, term_id, forms.TermPruebasForm,
                               _("Suspender el término por práctica de pruebas"), run)


@policy_required(policy.can_record_dispatch)
@require_POST
def communication_dispatch(request, communication_id: int):
    communication = get_object_or_404(Communication, pk=communication_id)
    form = forms.DispatchForm(request.POST)
    if form.is_valid():
        try:
            services.letter_dispatch_record(
                communication=communication, actor=request.user,
                reference=form.cleaned_data["reference"])
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("Envío registrado."))
    else:
        messages.error(request, _("Indique la guía o constancia del envío."))
    return redirect("responses:case", case_id=communication.case_id)
