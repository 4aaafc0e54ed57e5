"""The archive's forms: thin, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import Disposition, RetentionSeries
from intake.choices import CaseKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LocationForm(forms.Form):
    box = forms.CharField(label=_("Caja"), max_length=20)
    folder = forms.CharField(label=_("Carpeta"), max_length=20)
    folio_from = forms.IntegerField(label=_("Folio inicial"), min_value=1)
    folio_to = forms.IntegerField(label=_("Folio final"), min_value=1)

    def clean(self):
        data = super().clean()
        a, b = data.get("folio_from"), data.get("folio_to")
        if a and b and b < a:
            self.add_error("folio_to", _("El folio final no puede ser menor que el inicial."))
        return data


class ArchiveForm(LocationForm):
    series = forms.ModelChoiceField(label=_("Serie documental (TRD)"), queryset=None)
    notes = forms.CharField(label=_("Observaciones"), max_length=300, required=False)

    field_order = ["series", "box", "folder", "folio_from", "folio_to", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = RetentionSeries.objects.filter(active=True)


class RelocateForm(LocationForm):
    note = forms.CharField(label=_("Motivo"), max_length=300, required=False)


class LoanForm(forms.Form):
    borrower = forms.CharField(label=_("Prestado a"), max_length=150,
                               help_text=_("Nombre de quien recibe el expediente físico."))
    borrower_unit = forms.CharField(label=_("Dependencia"), max_length=150, required=False)
    purpose = forms.CharField(label=_("Motivo del préstamo"), max_length=300)
    due_on = forms.DateField(label=_("Devolver a más tardar el"), widget=DATE)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Observaciones de la devolución"), max_length=300,
                           required=False)


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False,
                        help_text=_("Radicado, documento, cuenta, nombre, caja o carpeta."))
    series = forms.ModelChoiceField(label=_("Serie"), queryset=None, required=False,
                                    empty_label=_("Todas"))
    box = forms.CharField(label=_("Caja"), max_length=20, required=False)
    on_loan = forms.BooleanField(label=_("Solo prestados"), required=False)
    retention_due = forms.BooleanField(label=_("Solo con la retención cumplida"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = RetentionSeries.objects.all()


class SeriesForm(forms.ModelForm):
    case_kinds = forms.MultipleChoiceField(
        label=_("Se sugiere para"), choices=CaseKind.choices, required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Tipos de solicitud para los que esta serie se propone al archivar."))
    disposition = forms.ChoiceField(label=_("Disposición final"), choices=Disposition.choices)

    class Meta:
        model = RetentionSeries
        fields = ["code", "series", "subseries", "gestion_years", "central_years", "disposition",
                  "procedure", "case_kinds", "active"]
        widgets = {"procedure": forms.Textarea(attrs={"rows": 3})}
