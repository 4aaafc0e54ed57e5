"""The filters of the access log page."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from caserecord.models import DataAccess


class AccessLogFilterForm(forms.Form):
    persona = forms.ModelChoiceField(
        label=_("Persona"), required=False, empty_label=_("Todas"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"))
    tipo = forms.ChoiceField(label=_("Qué se leyó"), required=False,
                             choices=[("", _("Todo"))] + DataAccess.Kind.choices)
    desde = forms.DateField(label=_("Desde"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hasta = forms.DateField(label=_("Hasta"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    radicado = forms.CharField(label=_("Radicado"), required=False, max_length=40)

    def clean(self):
        data = super().clean()
        since, until = data.get("desde"), data.get("hasta")
        if since and until and since > until:
            self.add_error("hasta", _("La fecha final es anterior a la inicial."))
        return data

    @staticmethod
    def selector_args(values: dict) -> dict:
        """The valid filter values as arguments of caserecord.selectors.data_access_list."""
        return {"actor": values.get("persona"), "kind": values.get("tipo") or "",
                "since": values.get("desde"), "until": values.get("hasta"),
                "radicado": values.get("radicado") or ""}
