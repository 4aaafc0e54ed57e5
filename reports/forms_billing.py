"""Forms of the cuenta de cobro, its unit prices and the staff novelties."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from reports.billing import ACTIVITIES
from reports.forms import DATE
from reports.models import BillingStatement, StaffNovelty


class PeriodForm(forms.Form):
    desde = forms.DateField(label=_("Desde"), widget=DATE)
    hasta = forms.DateField(label=_("Hasta"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("desde") and data.get("hasta") and data["desde"] > data["hasta"]:
            raise forms.ValidationError(_("La fecha inicial no puede ser posterior a la final."))
        return data


class PriceForm(forms.Form):
    activity = forms.ChoiceField(label=_("Actividad"), choices=ACTIVITIES)
    price = forms.DecimalField(label=_("Precio unitario"), max_digits=14, decimal_places=2,
                               min_value=0)
    valid_from = forms.DateField(label=_("Vigente desde"), widget=DATE)


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("Nuevo estado"), choices=BillingStatement.Status.choices)
    note = forms.CharField(label=_("Observación"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class NoveltyForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Persona"), queryset=get_user_model().objects
                                    .filter(is_active=True).order_by("username"))
    kind = forms.ChoiceField(label=_("Novedad"), choices=StaffNovelty.Kind.choices)
    day = forms.DateField(label=_("Fecha"), widget=DATE)
    hours = forms.DecimalField(label=_("Horas"), max_digits=6, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Detalle"), required=False, max_length=200)
