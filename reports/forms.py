"""The dashboard's filter form (GET)."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.choices import CaseKind
from intake.selectors import municipalities, teams
from reports.periods import Period, period_from

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DashboardFilterForm(forms.Form):
    desde = forms.DateField(label=_("Desde"), required=False, widget=DATE)
    hasta = forms.DateField(label=_("Hasta"), required=False, widget=DATE)
    municipio = forms.ModelChoiceField(label=_("Municipio"), required=False,
                                       queryset=municipalities(), empty_label=_("Todos"))
    tipo = forms.ChoiceField(label=_("Tipo de solicitud"), required=False,
                             choices=[("", _("Todos")), *CaseKind.choices])
    equipo = forms.ModelChoiceField(label=_("Equipo"), required=False, queryset=teams(),
                                    empty_label=_("Todos"))


class TargetsForm(forms.Form):
    """One field per indicator: its target."""

    def __init__(self, *args, indicators, current, **kwargs):
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[ind.code] = forms.DecimalField(
                label=ind.label, max_digits=8, decimal_places=2, min_value=0,
                initial=current[ind.code], help_text=ind.unit)


@dataclass
class DashboardFilters:
    period: Period
    errors: list[str]
    form: DashboardFilterForm
    scope: dict = field(default_factory=dict)  # municipality_id, kind: what the numbers count

    @property
    def query(self) -> str:
        """The filters applied, as the dashboard's own query string (its summary export)."""
        return urlencode({"desde": self.period.start.isoformat(),
                          "hasta": self.period.end.isoformat(),
                          "municipio": self.scope.get("municipality_id") or "",
                          "tipo": self.scope.get("kind") or "",
                          "equipo": self.scope.get("team_id") or ""})

    @property
    def cases_query(self) -> str:
        """The cases behind the period's numbers, as the staff case list's filters."""
        params = {"filed_from": self.period.start.isoformat(),
                  "filed_to": self.period.end.isoformat(),
                  "municipality": self.scope.get("municipality_id"),
                  "kind": self.scope.get("kind"), "team": self.scope.get("team_id")}
        return urlencode({k: v for k, v in params.items() if v})


def dashboard_filters(params) -> DashboardFilters:
    """Read the dashboard's filters from a query string; invalid values are ignored and said."""
    period, errors = period_from(params)
    # The form shows the period applied: an ignored date shows what replaced it.
    data = params.copy() if params else None
    if data is not None:
        data["desde"], data["hasta"] = period.start.isoformat(), period.end.isoformat()
    form = DashboardFilterForm(data, initial={"desde": period.start, "hasta": period.end})
    scope = {"municipality_id": None, "kind": None, "team_id": None}
    if form.is_bound and form.is_valid():
        town, team = form.cleaned_data["municipio"], form.cleaned_data["equipo"]
        scope = {"municipality_id": town.pk if town else None,
                 "kind": form.cleaned_data["tipo"] or None, "team_id": team.pk if team else None}
    return DashboardFilters(period, errors, form, scope)
