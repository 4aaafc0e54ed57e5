"""The staff case list filter (django-filter): every filter is one indexed WHERE."""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import Term
from compliance.selectors import sap_risk_case_ids
from intake.choices import OPEN_STATUSES, CaseKind, CaseStatus, Channel
from intake.models import Case, Causal, Municipality, Team
from intake.selectors import case_search
from intake.services.assignment import assignable_users
from intake.widgets import FastSelect, FastSelectMultiple

DATE = forms.DateInput(attrs={"type": "date"})


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))
UNASSIGNED = "ninguno"
YES = [("1", _("Sí"))]

# More sources of "cases at SAP risk" (callables returning a values("case_id")-like
# queryset). The answers app registers the risk of late notifications here at
# ready(): intake does not import it.
SAP_RISK_SOURCES: list = []


def _open_terms():
    # Matches the partial indexes term_open_due_idx / term_open_band_due_idx.
    return Term.objects.filter(met_at__isnull=True, cancelled_at__isnull=True)


class CaseOrdering(django_filters.OrderingFilter):
    """
    Order by radicado, filing instant or due date.

    Ordering by due date lists only cases whose response term is still running
    (not met, not cancelled): a closed case has no deadline left, and the
    restriction lets PostgreSQL walk the open-terms index (term_open_due_idx)
    instead of sorting every case.
    """

    def filter(self, qs, value):
        if not value:
            return qs
        due = [v for v in value if v.lstrip("-") == "due"]
        if not due:
            return super().filter(qs, value)
        sign = "-" if due[0].startswith("-") else ""
        # due_date__isnull=False makes the join INNER: with only the isnull=True
        # conditions Django keeps a LEFT JOIN and PostgreSQL cannot start from the index.
        return qs.filter(response_term__due_date__isnull=False,
                         response_term__met_at__isnull=True,
                         response_term__cancelled_at__isnull=True).order_by(
            f"{sign}response_term__due_date", f"{sign}response_term__due_at", f"{sign}pk")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Buscar"), method="filter_text",
                                  help_text=_("Radicado (o su número), radicado de salida, cuenta, documento, nombre o palabras de la descripción."))
    # distinct=False: a plain IN on an own column never duplicates rows, and DISTINCT
    # over a million-row join would sort them all.
    status = django_filters.MultipleChoiceFilter(label=_("Estado"), choices=CaseStatus.choices,
                                                 distinct=False, widget=FastSelectMultiple)
    kind = django_filters.ChoiceFilter(label=_("Tipo"), choices=CaseKind.choices,
                                       empty_label=_("Todos"), widget=FastSelect)
    channel = django_filters.ChoiceFilter(label=_("Canal"), choices=Channel.choices,
                                          empty_label=_("Todos"), widget=FastSelect)
    causal = django_filters.ModelChoiceFilter(label=_("Causal"), queryset=Causal.objects.all(),
                                              empty_label=_("Todas"), widget=FastSelect)
    assignee = django_filters.ChoiceFilter(label=_("Responsable"), method="filter_assignee",
                                           empty_label=_("Todos"), widget=FastSelect)
    band = django_filters.ChoiceFilter(label=_("Término"), field_name="response_term__band",
                                       choices=Term.Band.choices, empty_label=_("Todos"),
                                       widget=FastSelect)
    # Links of the reports dashboard: every open term (not only the response term).
    open_band = django_filters.ChoiceFilter(
        label=_("Algún término en curso"), method="filter_open_band", widget=FastSelect,
        choices=[c for c in Term.Band.choices if c[0] != Term.Band.CUMPLIDO],
        empty_label=_("Todos"))
    open_purpose = django_filters.ChoiceFilter(
        label=_("Con término en curso de"), method="filter_open_purpose",
        choices=Term.Purpose.choices, empty_label=_("Todos"), widget=FastSelect)
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipio"), queryset=Municipality.objects.all(), empty_label=_("Todos"),
        widget=FastSelect)
    # A team's cases: those assigned to its members (the dashboard's team filter).
    team = django_filters.ModelChoiceFilter(
        label=_("Equipo"), queryset=Team.objects.all(), method="filter_team",
        empty_label=_("Todos"), widget=FastSelect)
    open = django_filters.ChoiceFilter(label=_("Solo abiertos"), method="filter_open",
                                       choices=YES, empty_label=_("Todos"), widget=FastSelect)
    sap = django_filters.ChoiceFilter(label=_("En riesgo de silencio positivo"),
                                      method="filter_sap", choices=YES, empty_label=_("Todos"),
                                      widget=FastSelect)
    suspended = django_filters.ChoiceFilter(label=_("Término suspendido"),
                                            method="filter_suspended", choices=YES,
                                            empty_label=_("Todos"), widget=FastSelect)
    # Compared as instants (start of the Bogotá day), so the filed_at index is used;
    # filed_at__date would wrap the column in a time-zone cast and scan every row.
    filed_from = django_filters.DateFilter(label=_("Radicado desde"), method="filter_from",
                                           widget=DATE)
    filed_to = django_filters.DateFilter(label=_("Radicado hasta"), method="filter_to",
                                         widget=DATE)
    order = CaseOrdering(
        label=_("Ordenar por"),
        fields=(("radicado", "radicado"), ("filed_at", "filed"),
                ("response_term__due_date", "due")),
        field_labels={"radicado": _("Radicado"), "filed_at": _("Fecha de radicación"),
                      "response_term__due_date": _("Vencimiento (términos en curso)")},
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated once per request, whatever the page size.
        people = [(str(u.pk), u.get_full_name() or u.username) for u in assignable_users()]
        self.filters["assignee"].extra["choices"] = [(UNASSIGNED, _("Sin asignar")), *people]

    def filter_team(self, queryset, name, value):
        return queryset.filter(assignee__in=value.members.values("pk"))

    def filter_assignee(self, queryset, name, value):
        if value == UNASSIGNED:
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=int(value))

    def filter_open_band(self, queryset, name, value):
        return queryset.filter(pk__in=_open_terms().filter(band=value).values("case_id"))

    def filter_open_purpose(self, queryset, name, value):
        return queryset.filter(pk__in=_open_terms().filter(purpose=value).values("case_id"))

    def filter_open(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATUSES)

    def filter_sap(self, queryset, name, value):
        ids = sap_risk_case_ids()
        for source in SAP_RISK_SOURCES:
            ids = ids.union(source())
        return queryset.filter(pk__in=ids, status__in=OPEN_STATUSES)

    def filter_suspended(self, queryset, name, value):
        return queryset.filter(
            pk__in=_open_terms().filter(suspended_since__isnull=False).values("case_id"))

    def filter_from(self, queryset, name, value):
        return queryset.filter(filed_at__gte=_day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(filed_at__lt=_day_start(value + timedelta(days=1)))

    def filter_text(self, queryset, name, value):
        return case_search(queryset, value)
