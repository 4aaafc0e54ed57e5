"""Back office and coordinator pages of intake (login enforced by LoginRequiredMiddleware)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from caserecord.files import safe_filename
from caserecord.models import DataAccess
from caserecord.services import data_access_record
from intake import policy, services
from intake.filters import CaseFilter
from intake.forms import (
    AnnulForm,
    AssignForm,
    AttachmentForm,
    BulkAssignForm,
    CustomerSearchForm,
    TransitionForm,
    transition_choices,
)
from intake.models import Customer
from intake.panels import STAFF, panels_for
from intake.selectors import (
    attachment_get_for,
    case_attachments,
    case_events,
    case_get_for,
    case_queryset_for,
    case_terms,
    customer_search,
)
from intake.services.contact import contact_accept, contact_differences
from intake.services.desk import case_assign_round_robin, cases_bulk_assign
from intake.workflow import TransitionNotAllowed, allowed_targets
from pqr_portal.access import policy_required, roles_for
from pqr_portal.filtering import query_without_invalid, warn_invalid_filters

PAGE_SIZES = (25, 50, 100, 200)


# --- the case list -----------------------------------------------------------------

def _filtered_cases(request):
    return CaseFilter(request.GET or None, queryset=case_queryset_for(request.user),
                      request=request)


class CappedPaginator(Paginator):
    """
    Count at most COUNT_CAP rows; beyond that say "more than".

    An exact COUNT(*) over a million filtered rows costs more than the page
    itself; SELECT COUNT(*) FROM (... LIMIT cap + 1) stops early.
    """

    COUNT_CAP = 1_000

    @cached_property
    def count(self):
        # No ORDER BY in the count: any COUNT_CAP + 1 matching rows will do.
        found = self.object_list.order_by()[: self.COUNT_CAP + 1].count()
        self.capped = found > self.COUNT_CAP
        return min(found, self.COUNT_CAP)


def _label_rows(cases):
    """
    Attach display labels once per request.

    get_FOO_display() rebuilds the whole choices mapping (and translates every
    label) on each call; on a 200-row page that dominated the render time.
    """
    from compliance.models import Term
    from intake.choices import CaseKind, CaseStatus, Channel

    kinds, channels = dict(CaseKind.choices), dict(Channel.choices)
    states, bands = dict(CaseStatus.choices), dict(Term.Band.choices)
    kinds, channels, states, bands = ({k: str(v) for k, v in d.items()}
                                      for d in (kinds, channels, states, bands))
    for case in cases:
        case.kind_label = kinds.get(case.kind, case.kind)
        case.channel_label = channels.get(case.channel, case.channel)
        case.status_label = states.get(case.status, case.status)
        term = case.response_term
        case.band_label = bands.get(term.band, term.band) if term else ""


@policy_required(policy.can_view_all_cases)
@require_GET
def case_list(request):
    case_filter = _filtered_cases(request)
    if case_filter.is_bound and not case_filter.form.is_valid():
        # django-filter applies the valid filters only: say which value was ignored.
        warn_invalid_filters(request, case_filter.form)
    try:
        per_page = int(request.GET.get("por_pagina", 50))
    except ValueError:
        per_page = 50
    per_page = per_page if per_page in PAGE_SIZES else 50
    paginator = CappedPaginator(case_filter.qs, per_page)
    page = paginator.get_page(request.GET.get("page"))
    _label_rows(page.object_list)
    query = query_without_invalid(request.GET, case_filter.form, "page")
    sort_query = query.copy()
    sort_query.pop("order", None)
    can_assign = policy.can_assign(request.user)
    ctx = {
        "page_title": _("Casos"), "filter": case_filter, "page": page,
        "query": query.urlencode(), "sort_query": sort_query.urlencode(), "per_page": per_page, "page_sizes": PAGE_SIZES,
        "can_assign": can_assign, "count_capped": getattr(paginator, "capped", False),
        "assign_form": BulkAssignForm() if can_assign else None,
    }
    return render(request, "intake/staff/case_list.html", ctx)


@policy_required(policy.can_assign)
@require_POST
def case_bulk_assign(request):
    form = BulkAssignForm(request.POST)
    back = reverse("intake:case-list") + ("?" + request.POST["next"].lstrip("?")
                                          if request.POST.get("next") else "")
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(back)
    # Oldest first, so turns follow the order of receipt.
    cases = (case_queryset_for(request.user).filter(pk__in=form.cleaned_data["cases"])
             .order_by("filed_at", "pk"))
    try:
        result = cases_bulk_assign(cases=cases, actor=request.user,
                                   assignee=form.cleaned_data["assignee"],
                                   round_robin=form.cleaned_data["round_robin"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, _("%(n)s casos asignados.") % {"n": len(result.assigned)})
    if result.skipped:
        messages.warning(request, _("No se asignaron (cerrados o anulados): %(list)s") % {
            "list": ", ".join(c.radicado for c in result.skipped)})
    return redirect(back)


# --- the case page -------------------------------------------------------------------

def _case_page(request, case, *, status=200, **forms):
    from compliance.models import TermRule
    from compliance.policy import can_adjust_terms

    user = request.user
    roles = roles_for(user)
    terms = list(case_terms(case))
    # Only Ley 1755 kinds admit a prórroga (TermRule.allows_extension); the Ley 142
    # kinds stop their clock only for pruebas, with a letter to the user.
    extendable = TermRule.objects.filter(kind=case.kind, allows_extension=True).exists()
    ctx = {
        "case": case, "page_title": case.radicado,
        "terms": terms, "terms_template": "compliance/_case_terms.html",
        "term_actions": [
            {"term": t,
             "suspend": None if t.suspended_since else reverse("compliance:term-suspend", args=[t.pk]),
             "resume": reverse("compliance:term-resume", args=[t.pk]) if t.suspended_since else None,
             "pruebas": None if t.suspended_since else reverse("responses:term-pruebas", args=[t.pk]),
             "extend": None if t.suspended_since or not extendable
             else reverse("responses:term-extend", args=[t.pk])}
            for t in terms
            if t.admits_adjustments
        ] if can_adjust_terms(user) else [],
        "events": case_events(case),
        "attachments": case_attachments(case),
        "panels": panels_for(STAFF, request.user, case),
        "transition_form": forms.get("transition_form") or (
            TransitionForm(case=case, roles=roles) if transition_choices(case, roles) else None),
        "assign_form": forms.get("assign_form") or (
            AssignForm() if policy.can_assign(user, case) and not case.status_is_final else None),
        "annul_form": forms.get("annul_form") or (
            AnnulForm() if policy.can_annul(user, case)
            and "anulado" in allowed_targets(case.status, roles) else None),
        "attachment_form": forms.get("attachment_form") or (
            AttachmentForm() if policy.can_attach(user, case) else None),
        "contact_differences": contact_differences(case),
        "can_reconcile_contact": policy.can_reconcile_contact(user, case),
        "can_print_receipt": policy.can_print_receipt(user, case),
        "can_agree": policy.can_manage_agreements(user),
    }
    return render(request, "intake/staff/case_detail.html", ctx, status=status)


def _annotate(case):
    from intake.workflow import is_final

    case.status_is_final = is_final(case.status)
    return case


@policy_required(policy.can_view_case)
@require_GET
def case_detail(request, case_id: int):
    return _case_page(request, _annotate(case_get_for(request.user, case_id=case_id)))


@policy_required(policy.can_change_status)
@require_POST
def case_transition(request, case_id: int):
    case = _annotate(case_get_for(request.user, case_id=case_id))
    form = TransitionForm(request.POST, case=case, roles=roles_for(request.user))
    if form.is_valid():
        try:
            case = services.case_transition(case=case, to_status=form.cleaned_data["to_status"],
                                            actor=request.user, note=form.cleaned_data["note"])
        except TransitionNotAllowed:
            form.add_error(None, _("El estado cambió mientras tanto. Recargue la página."))
        else:
            messages.success(request, _("Estado actualizado: %(s)s") % {
                "s": case.get_status_display()})
            return redirect(case)
    return _case_page(request, case, status=400, transition_form=form)


@policy_required(policy.can_assign)
@require_POST
def case_assign(request, case_id: int):
    case = _annotate(case_get_for(request.user, case_id=case_id))
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["round_robin"]:
                case = case_assign_round_robin(case=case, actor=request.user)
            else:
                case = services.case_assign(case=case, assignee=form.cleaned_data["assignee"],
                                            actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Caso asignado a %(name)s.") % {
                "name": case.assignee.get_full_name() or case.assignee.username})
            return redirect(case)
    return _case_page(request, case, status=400, assign_form=form)


@policy_required(policy.can_annul)
@require_POST
def case_annul(request, case_id: int):
    case = _annotate(case_get_for(request.user, case_id=case_id))
    form = AnnulForm(request.POST)
    if form.is_valid():
        try:
            case = services.case_annul(case=case, reason=form.cleaned_data["reason"],
                                       actor=request.user,
                                       duplicate_of=form.cleaned_data["duplicate_of"])
        except TransitionNotAllowed:
            form.add_error(None, _("Este caso ya no se puede anular."))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for e in errors:
                        form.add_error(field if field in form.fields else None, e)
            else:
                form.add_error("reason", exc.messages[0])
        else:
            messages.success(request, _("Caso anulado. El número %(r)s no se reutiliza.") % {
                "r": case.radicado})
            return redirect(case)
    return _case_page(request, case, status=400, annul_form=form)


@policy_required(policy.can_reconcile_contact)
@require_POST
def case_contact_accept(request, case_id: int):
    """Accept the checked fields typed on a public filing into the customer record."""
    case = _annotate(case_get_for(request.user, case_id=case_id))
    try:
        contact_accept(case=case, fields=request.POST.getlist("fields"), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Datos del usuario actualizados."))
    return redirect(case)


@policy_required(policy.can_attach)
@require_POST
def attachment_upload(request, case_id: int):
    case = _annotate(case_get_for(request.user, case_id=case_id))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(case=case, uploaded=form.cleaned_data["file"],
                                    actor=request.user, kind=form.cleaned_data["kind"],
                                    description=form.cleaned_data["description"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Anexo agregado."))
            return redirect(case)
    return _case_page(request, case, status=400, attachment_form=form)


@policy_required(policy.can_view_case)
@require_GET
def attachment_download(request, case_id: int, attachment_id: int):
    attachment = attachment_get_for(request.user, case_id=case_id, attachment_id=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: erased (habeas data), no file
        raise Http404
    name = safe_filename(attachment.original_name, attachment.content_type)
    data_access_record(kind=DataAccess.Kind.ATTACHMENT, request=request,
                       case_id=attachment.case_id, record=attachment, data={"file": name})
    response = FileResponse(handle, as_attachment=True, filename=name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- customers ---------------------------------------------------------------------

@policy_required(policy.can_view_customers)
@require_GET
def customer_list(request):
    form = CustomerSearchForm(request.GET or None)
    customers = Customer.objects.none()
    if form.is_valid() and form.cleaned_data["q"]:
        customers = customer_search(form.cleaned_data["q"]).order_by("last_name", "first_name",
                                                                     "business_name", "pk")
    page = Paginator(customers, 25).get_page(request.GET.get("page"))
    return render(request, "intake/staff/customer_list.html", {
        "page_title": _("Usuarios"), "form": form, "page": page,
        "query": urlencode({"q": form.data.get("q", "")}) if form.is_bound else "",
    })


@policy_required(policy.can_view_customers)
@require_GET
def customer_detail(request, customer_id: int):
    customer = get_object_or_404(Customer.objects.select_related("municipality"), pk=customer_id)
    cases = customer.cases.select_related("response_term", "causal", "customer",
                                          "assignee").order_by("-filed_at")
    return render(request, "intake/staff/customer_detail.html", {
        "customer": customer, "cases": cases, "page_title": customer.full_name,
        "agreements": customer.payment_agreements.order_by("-created_at"),
        "can_register": policy.can_register(request.user),
        "can_quick_answer": policy.can_quick_answer(request.user),
        "can_agree": policy.can_manage_agreements(request.user),
    })


@policy_required(policy.can_manage_teams)
def teams(request):
    """The work teams: create one, or pick one (?equipo=<id>) to rename it and set its members."""
    from intake.forms import TeamForm
    from intake.models import Team
    from intake.services.teams import team_save

    team = None
    team_id = request.POST.get("equipo") or request.GET.get("equipo")
    if team_id and str(team_id).isdigit():
        team = get_object_or_404(Team, pk=int(team_id))
    initial = {"name": team.name, "members": team.members.all()} if team else None
    form = TeamForm(request.POST or None, team=team, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = team_save(actor=request.user, team=team, name=form.cleaned_data["name"],
                          members=list(form.cleaned_data["members"]))
        messages.success(request, _("Equipo «%(name)s» guardado.") % {"name": saved.name})
        return redirect(reverse("intake:teams"))
    return render(request, "intake/staff/teams.html", {
        "page_title": _("Equipos de trabajo"), "form": form, "team": team,
        "teams": Team.objects.prefetch_related("members")})
