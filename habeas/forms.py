"""Forms of the holder's requests: they validate and never save (services write)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from caserecord.files import validate_upload
from habeas.services.filing import RIGHTS
from pqr_portal.confirm import confirm_field


class PublicHabeasForm(forms.Form):
    """Radicado + tracking code of one of the holder's filings, the right, the request."""

    radicado = forms.CharField(
        label=_("Número de radicado de una de sus solicitudes"), max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Escriba el número de radicado.")})
    tracking_code = forms.CharField(
        label=_("Código de consulta"), max_length=16,
        help_text=_("Los 12 caracteres que aparecen en la constancia de esa solicitud."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Escriba el código de consulta.")})
    right = forms.ChoiceField(
        label=_("¿Qué quiere hacer con sus datos personales?"), widget=forms.RadioSelect,
        choices=[(k, label) for k, (_kind, label) in RIGHTS.items()],
        error_messages={"required": _("Elija qué quiere hacer con sus datos.")})
    description = forms.CharField(
        label=_("Describa su solicitud"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Para una corrección, diga qué dato está mal y cuál es el correcto."),
        error_messages={"required": _("Describa su solicitud.")})
    attachment = forms.FileField(label=_("Documento de soporte (opcional)"), required=False)
    electronic_consent = forms.BooleanField(
        label=_("Acepto recibir la respuesta por correo electrónico, en el correo de esa "
                "solicitud"), required=False,
        help_text=_("Sin esta aceptación la respuesta se envía a la dirección física de esa "
                    "solicitud."))

    def clean_radicado(self):
        return self.cleaned_data["radicado"].strip()

    def clean_tracking_code(self):
        return re.sub(r"[\s\-]", "", self.cleaned_data["tracking_code"]).upper()

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        if f:
            validate_upload(f)
        return f


class AccessReportForm(forms.Form):
    identity_verified = forms.BooleanField(
        label=_("Verifiqué la identidad del titular (documento de identidad)."), required=False)


class CorrectionForm(forms.Form):
    """The holder's record as it should read (only what Ley 1581 lets them correct here)."""

    first_name = forms.CharField(label=_("Nombres"), max_length=80, required=False)
    last_name = forms.CharField(label=_("Apellidos"), max_length=80, required=False)
    business_name = forms.CharField(label=_("Razón social"), max_length=150, required=False)
    phone = forms.CharField(label=_("Teléfono"), max_length=20, required=False)
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    address = forms.CharField(label=_("Dirección"), max_length=200, required=False)
    identity_verified = forms.BooleanField(
        label=_("Verifiqué la identidad del titular (documento de identidad)."),
        error_messages={"required": _("Verifique la identidad del titular antes de cambiar "
                                      "sus datos.")})


class SuppressionForm(forms.Form):
    confirm = confirm_field(_("Confirmo la supresión: los datos de los casos listados se "
                              "anonimizan y no se pueden recuperar."))
