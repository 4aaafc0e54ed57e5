"""The citizen's satisfaction survey form (five questions, phone-friendly radios)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.surveys import QUESTIONS

SCORES = [(n, str(n)) for n in range(1, 6)]


class SurveyForm(forms.Form):
    comment = forms.CharField(label=_("¿Algo más que quiera contarnos? (opcional)"),
                              required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {code: forms.TypedChoiceField(
            label=label, choices=SCORES, coerce=int, widget=forms.RadioSelect,
            help_text=_("1 muy mal, 5 muy bien"),
            error_messages={"required": _("Elija una calificación de 1 a 5.")})
            for code, label in QUESTIONS}
        self.fields = {**fields, "comment": self.fields["comment"]}
