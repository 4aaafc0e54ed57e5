"""Forms of the acts that take a case off the clock: validation only, never saving."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _not_future(value):
    if value and value > timezone.now():
        raise forms.ValidationError(_("La fecha no puede ser futura."))
    return value


class RequerimientoForm(forms.Form):
    missing = forms.CharField(
        label=_("Qué debe aportar el peticionario"), max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Documentos o datos que faltan para decidir de fondo."))
    communicated_at = forms.DateTimeField(
        label=_("Comunicado al peticionario el"), required=False, widget=DATETIME_LOCAL,
        help_text=_("Vacío: ahora (se envía por correo si aceptó la notificación electrónica)."))

    def clean_communicated_at(self):
        return _not_future(self.cleaned_data["communicated_at"])


class CompletionForm(forms.Form):
    received_at = forms.DateTimeField(label=_("Recibido el"), widget=DATETIME_LOCAL)
    document = forms.FileField(label=_("Documentos aportados"), required=False)
    note = forms.CharField(label=_("Observación"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_received_at(self):
        return _not_future(self.cleaned_data["received_at"])


class CompletionExtensionForm(forms.Form):
    requested_at = forms.DateTimeField(
        label=_("Prórroga pedida el"), widget=DATETIME_LOCAL,
        help_text=_("Fecha de radicación de la solicitud del peticionario; debe ser anterior al "
                    "vencimiento del mes."))
    document = forms.FileField(label=_("Solicitud de prórroga"), required=False)
    note = forms.CharField(label=_("Observación"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_requested_at(self):
        return _not_future(self.cleaned_data["requested_at"])


class DesistimientoTacitoForm(forms.Form):
    reasons = forms.CharField(
        label=_("Motivación del acto"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Qué se requirió, por qué no se completó y qué se decide."))


class DesistimientoExpresoForm(forms.Form):
    document = forms.FileField(label=_("Escrito de desistimiento del peticionario"))
    note = forms.CharField(label=_("Observación"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class TrasladoForm(forms.Form):
    entity_name = forms.CharField(label=_("Entidad competente"), max_length=200)
    entity_address = forms.CharField(label=_("Dirección de la entidad"), max_length=200,
                                     required=False)
    entity_email = forms.EmailField(label=_("Correo de la entidad"), required=False,
                                    help_text=_("Si lo indica, el oficio y la solicitud se envían "
                                                "por correo."))
    reasons = forms.CharField(
        label=_("Por qué la empresa no es competente"), max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}))
