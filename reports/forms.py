"""The dashboard's filter form (GET)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.choices import CaseKind
from intake.selectors import municipalities

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DashboardFilterForm(forms.Form):
    desde = forms.DateField(label=_("Desde"), required=False, widget=DATE)
    hasta = forms.DateField(label=_("Hasta"), required=False, widget=DATE)
    municipio = forms.ModelChoiceField(label=_("Municipio"), required=False,
                                       queryset=municipalities(), empty_label=_("Todos"))
    tipo = forms.ChoiceField(label=_("Tipo de solicitud"), required=False,
                             choices=[("", _("Todos")), *CaseKind.choices])


class TargetsForm(forms.Form):
    """One field per indicator: its target."""

    def __init__(self, *args, indicators, current, **kwargs):
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[ind.code] = forms.DecimalField(
                label=ind.label, max_digits=8, decimal_places=2, min_value=0,
                initial=current[ind.code], help_text=ind.unit)
