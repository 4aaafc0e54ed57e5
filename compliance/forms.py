"""Forms of the compliance screens: they validate, they never save."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import ExtraClosure, TermAdjustment, TermRule
from compliance.terms import BOGOTA

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _bogota(value: datetime | None) -> datetime | None:
    """Read a typed date-time as Bogotá time (the office's clock)."""
    if value is None:
        return None
    if timezone.is_naive(value):
        return value.replace(tzinfo=BOGOTA)
    return value.astimezone(BOGOTA)


def _check_document(uploaded):
    if uploaded:
        from caserecord.files import safe_filename, validate_upload

        mime, _digest = validate_upload(uploaded)
        # Stored as <safe name>.<extension of the detected type>.
        uploaded.name = safe_filename(uploaded.name, mime)
    return uploaded


class DocumentMixin(forms.Form):
    document = forms.FileField(label=_("Documento soporte"), required=False,
                               help_text=_("PDF, imagen o documento de oficina."))
    document_reference = forms.CharField(label=_("Referencia del documento"), max_length=200,
                                         required=False,
                                         help_text=_("Número del oficio, orden o comunicación."))
    note = forms.CharField(label=_("Motivo"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean_document(self):
        return _check_document(self.cleaned_data.get("document"))

    def clean(self):
        data = super().clean()
        if not data.get("document") and not data.get("document_reference"):
            raise forms.ValidationError(
                _("Adjunte el documento soporte o indique su referencia."))
        return data


# Here only "incompleta": a suspension for pruebas needs its letter to the user and a
# prórroga its letter to the petitioner, both issued from the responses pages.
SUSPENSION_CAUSES = [(TermAdjustment.Cause.INCOMPLETA.value, TermAdjustment.Cause.INCOMPLETA.label)]


class SuspendForm(DocumentMixin):
    cause = forms.ChoiceField(label=_("Causa"), choices=SUSPENSION_CAUSES)
    starts_on = forms.DateField(label=_("Suspendido desde"), widget=DATE_INPUT,
                                help_text=_("Hoy: la suspensión empieza el día en que se decide."))
    field_order = ["cause", "starts_on", "document", "document_reference", "note"]


class ResumeForm(forms.Form):
    ends_on = forms.DateField(label=_("Último día suspendido"), widget=DATE_INPUT,
                              help_text=_("El término vuelve a correr al día siguiente."))


class ClosureForm(forms.ModelForm):
    class Meta:
        model = ExtraClosure
        fields = ["date", "name", "formally_adopted", "document_reference"]
        widgets = {"date": DATE_INPUT}

    def clean(self):
        data = super().clean()
        if data.get("formally_adopted") and not data.get("document_reference"):
            self.add_error("document_reference",
                           _("Un cierre adoptado formalmente requiere el acto que lo adopta."))
        return data


class CalculatorForm(forms.Form):
    start = forms.DateTimeField(label=_("Fecha y hora de radicación"), widget=DATETIME_INPUT,
                                input_formats=DATETIME_FORMATS,
                                help_text=_("Hora de Bogotá."))
    rule = forms.ModelChoiceField(
        label=_("Tipo de solicitud"), required=False,
        queryset=TermRule.objects.filter(business_days__isnull=False).order_by("name")
        | TermRule.objects.filter(default_business_days__isnull=False).order_by("name"),
        empty_label=_("— Digitar los días —"),
    )
    days = forms.IntegerField(label=_("o número de días hábiles"), required=False, min_value=1,
                              max_value=400)

    def clean_start(self):
        return _bogota(self.cleaned_data.get("start"))

    def clean(self):
        data = super().clean()
        rule, days = data.get("rule"), data.get("days")
        if rule is None and days is None:
            self.add_error("days", _("Elija un tipo de solicitud o digite los días hábiles."))
        elif rule is not None and days is not None:
            self.add_error("days", _("Elija el tipo de solicitud o los días, no ambos."))
        elif rule is not None:
            data["days"] = rule.business_days or rule.default_business_days
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2060)
