"""The staff case list filter (django-filter): every filter is one indexed WHERE."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from compliance.models import Term
from intake.assignment import assignable_users
from intake.choices import CaseKind, CaseStatus, Channel
from intake.models import Case, Causal

DATE = forms.DateInput(attrs={"type": "date"})
UNASSIGNED = "ninguno"


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Buscar"), method="filter_text",
                                  help_text=_("Radicado, cuenta, documento o nombre."))
    status = django_filters.MultipleChoiceFilter(label=_("Estado"), choices=CaseStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Tipo"), choices=CaseKind.choices,
                                       empty_label=_("Todos"))
    channel = django_filters.ChoiceFilter(label=_("Canal"), choices=Channel.choices,
                                          empty_label=_("Todos"))
    causal = django_filters.ModelChoiceFilter(label=_("Causal"), queryset=Causal.objects.all(),
                                              empty_label=_("Todas"))
    assignee = django_filters.ChoiceFilter(label=_("Responsable"), method="filter_assignee",
                                           empty_label=_("Todos"))
    band = django_filters.ChoiceFilter(label=_("Término"), field_name="response_term__band",
                                       choices=Term.Band.choices, empty_label=_("Todos"))
    filed_from = django_filters.DateFilter(label=_("Radicado desde"), field_name="filed_at",
                                           lookup_expr="date__gte", widget=DATE)
    filed_to = django_filters.DateFilter(label=_("Radicado hasta"), field_name="filed_at",
                                         lookup_expr="date__lte", widget=DATE)
    order = django_filters.OrderingFilter(
        label=_("Ordenar por"),
        fields=(("radicado", "radicado"), ("filed_at", "filed"),
                ("response_term__due_at", "due")),
        field_labels={"radicado": _("Radicado"), "filed_at": _("Fecha de radicación"),
                      "response_term__due_at": _("Vencimiento")},
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated once per request, whatever the page size.
        people = [(str(u.pk), u.get_full_name() or u.username) for u in assignable_users()]
        self.filters["assignee"].extra["choices"] = [(UNASSIGNED, _("Sin asignar")), *people]

    def filter_assignee(self, queryset, name, value):
        if value == UNASSIGNED:
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=int(value))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        compact = value.replace(".", "").replace(" ", "")
        if compact.replace("-", "").isdigit():
            # Radicado (2026-000123), account or document: exact or prefix, all indexed.
            return queryset.filter(
                Q(radicado=value) | Q(radicado__endswith=value) | Q(account_number=compact)
                | Q(customer__id_number=compact.replace("-", ""))
            )
        cond = Q()
        for word in value.split():
            cond &= (Q(customer__first_name__icontains=word)
                     | Q(customer__last_name__icontains=word)
                     | Q(customer__business_name__icontains=word)
                     | Q(radicado__iexact=word))
        return queryset.filter(cond)
