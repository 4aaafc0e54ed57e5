"""Screens of the legal terms engine: calendar, calculator, alerts and term actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compliance import policy, services
from compliance.forms import (
    CalculatorForm,
    ClosureForm,
    ResumeForm,
    SuspendForm,
    YearForm,
)
from compliance.models import Alert, ExtraClosure, Term
from compliance.terms import BOGOTA
from pqr_portal.access import policy_required
from pqr_portal.params import id_or_none


def _service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@policy_required(policy.can_view_calendar)
def calendar(request):
    today = timezone.localdate()
    year_form = YearForm(request.GET or {"year": today.year})
    year = year_form.cleaned_data["year"] if year_form.is_valid() else today.year
    can_edit = policy.can_edit_calendar(request.user)
    form = ClosureForm() if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ClosureForm(request.POST)
        if form.is_valid():
            services.closure_save(closure=None, day=form.cleaned_data["date"],
                                  name=form.cleaned_data["name"],
                                  formally_adopted=form.cleaned_data["formally_adopted"],
                                  document_reference=form.cleaned_data["document_reference"],
                                  actor=request.user)
            messages.success(request, _("Cierre guardado."))
            return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")
    return render(request, "compliance/calendar.html", {
        "page_title": _("Calendario de días hábiles %(year)s") % {"year": year},
        "year_form": year_form, "form": form, "can_edit": can_edit,
        "prev_year": year - 1, "next_year": year + 1, **services.year_calendar(year=year),
    })


@policy_required(policy.can_edit_calendar)
def closure_edit(request, closure_id: int):
    closure = get_object_or_404(ExtraClosure, pk=closure_id)
    form = ClosureForm(request.POST or None, instance=closure)
    if request.method == "POST" and form.is_valid():
        services.closure_save(closure=ExtraClosure.objects.get(pk=closure.pk),
                              day=form.cleaned_data["date"], name=form.cleaned_data["name"],
                              formally_adopted=form.cleaned_data["formally_adopted"],
                              document_reference=form.cleaned_data["document_reference"],
                              actor=request.user)
        messages.success(request, _("Cierre actualizado."))
        return redirect(f"{reverse('compliance:calendar')}?year={form.cleaned_data['date'].year}")
    return render(request, "compliance/closure_form.html", {
        "page_title": _("Editar cierre"), "form": form, "closure": closure})


@policy_required(policy.can_edit_calendar)
@require_POST
def closure_delete(request, closure_id: int):
    closure = get_object_or_404(ExtraClosure, pk=closure_id)
    year = closure.date.year
    services.closure_delete(closure=closure, actor=request.user)
    messages.success(request, _("Cierre eliminado."))
    return redirect(f"{reverse('compliance:calendar')}?year={year}")


@policy_required(policy.can_use_calculator)
def calculator(request):
    form = CalculatorForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = services.term_calculate(start=form.cleaned_data["start"],
                                         business_days=form.cleaned_data["days"])
    return render(request, "compliance/calculator.html", {
        "page_title": _("Calculadora de términos"), "form": form, "result": result})


@policy_required(policy.can_view_alerts)
def alerts(request):
    mine = Alert.objects.filter(recipient=request.user).select_related("case", "term")
    if request.method == "POST":
        unread = mine.filter(read_at__isnull=True)
        if raw := request.POST.get("alert_id"):
            if (alert_id := id_or_none(raw)) is None:
                return HttpResponseBadRequest(_("Alerta no válida."))
            unread = unread.filter(pk=alert_id)
        unread.update(read_at=timezone.now())
        return redirect("compliance:alerts")
    return render(request, "compliance/alerts.html", {
        "page_title": _("Mis alertas"), "alerts": mine[:200],
        "unread": mine.filter(read_at__isnull=True).count()})


def _term_for(request, term_id: int) -> Term:
    # Only term editors reach here, and they may see every case of the office
    # (pqr_portal.roles.READ_ALL), so no per-case visibility check is needed.
    return get_object_or_404(Term.objects.select_related("case"), pk=term_id)


def _term_action(request, term_id, form_class, title, run):
    term = _term_for(request, term_id)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run(term, form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Término actualizado."))
            return redirect(term.case.get_absolute_url())
    return render(request, "compliance/term_action.html", {
        "page_title": title, "form": form, "term": term, "case": term.case,
        "terms": [term], "today": timezone.localtime(timezone.now(), BOGOTA).date()},
        status=400 if form.is_bound and form.errors else 200)


@policy_required(policy.can_adjust_terms)
def term_suspend(request, term_id: int):
    def run(term, data):
        services.term_suspend(term=term, actor=request.user, cause=data["cause"],
                              starts_on=data["starts_on"], document=data["document"],
                              document_reference=data["document_reference"], note=data["note"])
    return _term_action(request, term_id, SuspendForm, _("Suspender el término"), run)


@policy_required(policy.can_adjust_terms)
def term_resume(request, term_id: int):
    def run(term, data):
        services.term_resume(term=term, ends_on=data["ends_on"], actor=request.user)
    return _term_action(request, term_id, ResumeForm, _("Reanudar el término"), run)
