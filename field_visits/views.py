"""Pages of field visits: thin HTTP over field_visits.services and selectors."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caserecord.files import safe_filename
from caserecord.models import DataAccess
from caserecord.services import data_access_record
from field_visits import policy, selectors, services
from field_visits.forms import (
    ActaForm,
    CalendarFilterForm,
    CorrectionForm,
    FailForm,
    RevisionOrderForm,
    SafetyForm,
    ScheduleForm,
    SealFormSet,
    VisitMoveForm,
    seal_formset_initial,
)
from field_visits.models import ActaPhoto, Visit
from intake import policy as intake_policy
from intake.selectors import case_get_for
from pqr_portal.access import policy_required
from pqr_portal.confirm import confirmed
from pqr_portal.filtering import filter_values, query_without_invalid


def _apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _own_visit(request, visit_id: int) -> Visit:
    """The brigadista's own visit, or 404 (never another person's)."""
    return get_object_or_404(selectors.visit_queryset_for(request.user)
                             .filter(brigadista=request.user), pk=visit_id)


# --- programming (office) ------------------------------------------------------------

@policy_required(policy.can_program)
def programming(request):
    form = CalendarFilterForm(request.GET or None)
    # One invalid value (a zone that no longer exists) drops only its own filter.
    data = filter_values(request, form)
    start = selectors.week_start_of(data.get("semana") or timezone.localdate())
    person = data.get("brigadista")
    calendar = selectors.week_calendar(
        week_start=start, zone=data.get("zona") or "", brigadista_id=person.pk if person else None,
        capacity=settings.PQR_VISITS_PER_BRIGADISTA_PER_DAY)
    query = query_without_invalid(request.GET, form, "semana")
    return render(request, "field_visits/programming.html", {
        "page_title": _("Programación de visitas"), "filter_form": form, "calendar": calendar,
        "unscheduled": selectors.unscheduled_orders()[:100], "today": timezone.localdate(),
        "week_start": start, "query": query.urlencode(),
        "can_see_indicators": policy.can_view_visit_indicators(request.user),
    })


@policy_required(policy.can_program)
def order_create(request, case_id: int):
    case = case_get_for(request.user, case_id=case_id)
    initial = {"address": case.notify_address or case.customer.address,
               "account_number": case.account_number,
               "zone": case.municipality.name if case.municipality else ""}
    form = RevisionOrderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Orden de revisión %s creada.") % order.number)
            return redirect(order)
    return render(request, "field_visits/order_form.html", {
        "page_title": _("Nueva orden de revisión"), "form": form, "case": case})


@policy_required(policy.can_view_order)
def order_detail(request, order_id: int):
    order = selectors.order_get_for(request.user, order_id=order_id)
    visits = order.visits.select_related("brigadista", "created_by").order_by("-created_at", "-pk")
    current = next((v for v in visits if v.is_scheduled), None)
    initial = {}
    if current:
        initial = {"brigadista": current.brigadista, "planned_date": current.planned_date,
                   "window_start": current.window_start, "window_end": current.window_end}
    elif order.brigadista:
        initial = {"brigadista": order.brigadista}
    can_program = policy.can_program(request.user, order) and order.is_open
    return render(request, "field_visits/order_detail.html", {
        "page_title": order.number, "order": order, "visits": visits, "current": current,
        "schedule_form": ScheduleForm(initial=initial) if can_program else None,
        "actas": order.actas.select_related("corrects", "pdf"), "can_program": can_program,
    })


@policy_required(policy.can_program)
def order_schedule(request, order_id: int):
    order = selectors.order_get_for(request.user, order_id=order_id)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit, warnings = services.visit_schedule(order=order, actor=request.user,
                                                      **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            for w in warnings:
                messages.warning(request, w)
            messages.success(request, _("Visita programada para el %(d)s.")
                             % {"d": visit.planned_date.strftime("%d/%m/%Y")})
            return redirect(order)
    return render(request, "field_visits/schedule_form.html", {
        "page_title": _("Programar la orden %s") % order.number, "order": order, "form": form})


@policy_required(policy.can_program)
@require_POST
def order_cancel(request, order_id: int):
    order = selectors.order_get_for(request.user, order_id=order_id)
    if not confirmed(request):
        messages.error(request, _("La orden no se anuló: marque la casilla de confirmación "
                                  "(anular la orden cancela su visita y no se puede deshacer)."))
        return redirect(order)
    try:
        services.order_cancel(order=order, actor=request.user,
                              reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Orden %(n)s anulada; su visita programada quedó cancelada.")
                         % {"n": order.number})
    return redirect(order)


@policy_required(policy.can_program)
@require_POST
def visit_move(request, visit_id: int):
    """Reprogramme a visit dropped on another brigadista or day (the window is kept)."""
    visit = selectors.visit_get_for(request.user, visit_id=visit_id)
    form = VisitMoveForm(request.POST)
    if not visit.is_scheduled:
        messages.error(request, _("Solo se pueden mover visitas programadas."))
    elif not form.is_valid():
        messages.error(request, _("No se pudo mover la visita: elija un brigadista y una fecha "
                                  "válidos."))
    else:
        try:
            _visit, warnings = services.visit_schedule(
                order=visit.order, actor=request.user, window_start=visit.window_start,
                window_end=visit.window_end, note=_("Movida en el calendario"),
                **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            for w in warnings:
                messages.warning(request, w)
            messages.success(request, _("Visita %(n)s movida al %(d)s.") % {
                "n": visit.order.number, "d": form.cleaned_data["planned_date"].strftime("%d/%m/%Y")})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "field_visits:programming"
    return redirect(target)


def _date_param(request, name: str, default: date) -> date:
    """A date filter: an invalid one falls back to its default alone, and the user is told."""
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        messages.warning(request, _("Se ignoró la fecha «%(value)s»: escríbala como AAAA-MM-DD.")
                         % {"value": raw[:30]})
        return default


@policy_required(policy.can_view_visit_indicators)
def indicators(request):
    today = timezone.localdate()
    start = _date_param(request, "desde", today.replace(day=1))
    end = _date_param(request, "hasta", today)
    if end < start:
        start, end = end, start
    return render(request, "field_visits/indicators.html", {
        "page_title": _("Indicadores de visitas"),
        "data": selectors.visit_indicators(start=start, end=end)})


# --- the brigadista (phone) -----------------------------------------------------------

@policy_required(policy.can_work_visit)
def my_visits(request):
    today = timezone.localdate()
    try:
        day = date.fromisoformat(request.GET.get("fecha", "")) if request.GET.get("fecha") else today
    except ValueError:
        day = today
    visits = selectors.visits_of_day_for(request.user, day=day)
    upcoming = (selectors.visit_queryset_for(request.user)
                .filter(brigadista=request.user, status=Visit.Status.SCHEDULED,
                        planned_date__gt=day).order_by("planned_date", "sequence")[:10])
    return render(request, "field_visits/my_visits.html", {
        "page_title": _("Mis visitas"), "visits": visits, "day": day, "today": today,
        "previous": day - timedelta(days=1), "next": day + timedelta(days=1),
        "upcoming": upcoming})


@policy_required(policy.can_work_visit)
def visit_detail(request, visit_id: int):
    visit = _own_visit(request, visit_id)
    form = SafetyForm(request.POST or None)
    if (request.method == "POST" and visit.is_scheduled and visit.safety_checked_at is None
            and request.POST.get("action") == "cannot"):
        # What the brigadista could not confirm is what is left unchecked.
        confirmed = [i for i in services.SAFETY_ITEMS if request.POST.get(i)]
        try:
            services.visit_safety_check_failed(visit=visit, actor=request.user,
                                               confirmed=confirmed,
                                               note=request.POST.get("note", "")[:1000])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(visit)
        messages.warning(request, _(
            "Chequeo no superado: no inicie la visita. Se abrió una no conformidad crítica "
            "para el coordinador. Corrija lo que falta y vuelva a hacer el chequeo, o "
            "registre que la visita no se pudo hacer."))
        return redirect(visit)
    elif request.method == "POST" and visit.is_scheduled and visit.safety_checked_at is None:
        if form.is_valid():
            items = [k for k, v in form.cleaned_data.items() if v]
            try:
                services.visit_safety_check(visit=visit, actor=request.user, items=items)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Chequeo de seguridad registrado. Puede iniciar el acta."))
                return redirect("field_visits:acta-form", visit_id=visit.pk)
    return render(request, "field_visits/visit_detail.html", {
        "page_title": _("Visita %s") % visit.order.number, "visit": visit, "order": visit.order,
        "case": visit.order.case, "safety_form": form, "actas": visit.actas.all(),
        "shows_case": policy.can_see_case_of_visit(request.user, visit)})


@policy_required(policy.can_work_visit)
def acta_form(request, visit_id: int):
    visit = _own_visit(request, visit_id)
    if not visit.is_scheduled:
        messages.info(request, _("Esta visita ya no está programada."))
        return redirect(visit)
    if visit.safety_checked_at is None:
        messages.warning(request, _("Antes del acta debe completar el chequeo de seguridad."))
        return redirect(visit)
    order = visit.order
    if request.method == "POST":
        form = ActaForm(request.POST, request.FILES)
        seals = SealFormSet(request.POST, prefix="sellos")
        if form.is_valid() and seals.is_valid():
            data = dict(form.cleaned_data)
            try:
                acta = services.acta_submit(
                    visit=visit, actor=request.user, visit_date=data.pop("visit_date"),
                    arrived=data.pop("arrived"), departed=data.pop("departed"),
                    photos=data.pop("photos"),
                    signature_attendant=data.pop("signature_attendant"),
                    signature_brigadista=data.pop("signature_brigadista"),
                    signatures_typed={"attendant": data.pop("signature_attendant_typed"),
                                      "brigadista": data.pop("signature_brigadista_typed")},
                    data=data, seals=[f.cleaned_data for f in seals.forms if f.cleaned_data])
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Acta %s enviada y anexada al caso.") % acta.number)
                return redirect(f"{acta.get_absolute_url()}?enviada={visit.pk}")
    else:
        form = ActaForm(initial={
            "visit_date": timezone.localdate(), "meter_serial": order.meter_serial,
            "arrived": timezone.localtime().strftime("%H:%M")})
        seals = SealFormSet(prefix="sellos", initial=seal_formset_initial())
    return render(request, "field_visits/acta_form.html", {
        "page_title": _("Acta de revisión · %s") % order.number, "form": form, "seals": seals,
        "visit": visit, "order": order, "case": order.case})


@policy_required(policy.can_work_visit)
def visit_fail(request, visit_id: int):
    visit = _own_visit(request, visit_id)
    if not visit.is_scheduled:
        return redirect(visit)
    form = FailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_fail(visit=visit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Visita registrada como no realizada; la orden vuelve a "
                                        "programación."))
            return redirect("field_visits:my-visits")
    return render(request, "field_visits/visit_fail.html", {
        "page_title": _("Visita no realizada"), "form": form, "visit": visit})


# --- actas ---------------------------------------------------------------------------

@policy_required(policy.can_view_acta)
def acta_detail(request, acta_id: int):
    acta = selectors.acta_get_for(request.user, acta_id=acta_id)
    can_correct = policy.can_correct_acta(request.user, acta)
    return render(request, "field_visits/acta_detail.html", {
        "page_title": _("Acta %s") % acta.number, "acta": acta, "order": acta.order,
        "case": acta.order.case, "photos": acta.photos.all(), "can_correct": can_correct,
        "can_view_case": intake_policy.can_view_case(request.user, acta.order.case),
        "corrections": acta.corrections.all(),
        "sent_visit": acta.visit_id if request.GET.get("enviada") == str(acta.visit_id) else None})


@policy_required(policy.can_view_acta)
def acta_pdf(request, acta_id: int):
    acta = selectors.acta_get_for(request.user, acta_id=acta_id)
    if acta.pdf is None:
        raise Http404
    data_access_record(kind=DataAccess.Kind.ACTA, request=request, case_id=acta.pdf.case_id,
                       record=acta)
    return FileResponse(acta.pdf.file.open("rb"), content_type="application/pdf",
                        filename=safe_filename(acta.pdf.original_name, "application/pdf"))


@policy_required(policy.can_view_acta)
def acta_photo(request, photo_id: int):
    photo = get_object_or_404(ActaPhoto.objects.filter(
        acta__in=selectors.acta_queryset_for(request.user)).select_related("acta__order"),
        pk=photo_id)
    data_access_record(kind=DataAccess.Kind.PHOTO, request=request,
                       case_id=photo.acta.order.case_id, record=photo)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@policy_required(policy.can_correct_acta)
def acta_correct(request, acta_id: int):
    acta = selectors.acta_get_for(request.user, acta_id=acta_id)
    if not policy.can_correct_acta(request.user, acta):
        raise PermissionDenied
    initial = {f: getattr(acta, f) for f in ("meter_serial", "reading_active",
                                              "reading_reactive", "anomalies_note",
                                              "tests_performed")}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        changes = {k: v for k, v in data.items() if v != initial.get(k)}
        try:
            new = services.acta_correct(acta=acta, actor=request.user, reason=reason,
                                        changes=changes)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Corrección registrada como acta %s.") % new.number)
            return redirect(new)
    return render(request, "field_visits/acta_correct.html", {
        "page_title": _("Corregir el acta %s") % acta.number, "form": form, "acta": acta})

