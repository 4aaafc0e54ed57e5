"""Forms of the responses app: validation only, never saving."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.choices import RECURSO_KINDS, CaseKind
from intake.models import Attachment
from pqr_portal.confirm import confirm_field
from responses.models import AnswerKind, ResponseTemplate, SapRecognition, TutelaRecord


class NewResponseForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Plantilla"), queryset=ResponseTemplate.objects.none(), required=False,
        empty_label=_("Sin plantilla (en blanco)"))
    valor_reclamado = forms.DecimalField(label=_("Valor reclamado (opcional)"), required=False,
                                         min_value=0, max_digits=14, decimal_places=2)
    valor_reconocido = forms.DecimalField(label=_("Valor reconocido o ajustado (opcional)"),
                                          required=False, min_value=0, max_digits=14,
                                          decimal_places=2)

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates


class ResponseEditForm(forms.Form):
    answer_kind = forms.ChoiceField(label=_("Tipo de respuesta (SUI)"), required=False,
                                    choices=[("", _("— Elija —")), *AnswerKind.choices])
    body_html = forms.CharField(
        label=_("Cuerpo de la respuesta"), required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "rich-text",
                                     "data-rich-text": "1"}),
        help_text=_("Dé formato con la barra: negrilla, cursiva, subtítulos, listas y citas. "
                    "Al guardar se conserva solo ese formato."))
    decision = forms.CharField(label=_("Decisión"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))
    admits_recursos = forms.BooleanField(label=_("La decisión admite recursos"), required=False)
    recursos_text = forms.CharField(label=_("Párrafo de recursos"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 5}))
    payment_reminder = forms.CharField(
        label=_("Recordatorio de pago de valores no reclamados (art. 155)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.ModelMultipleChoiceField(
        label=_("Pruebas anexas (anexos del caso)"), required=False,
        queryset=Attachment.objects.none(), widget=forms.CheckboxSelectMultiple)
    new_evidence = forms.FileField(label=_("Agregar una prueba (acta, informe, factura)"),
                                   required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["evidence"].queryset = case.attachments.exclude(
                kind=Attachment.Kind.RESPUESTA)
        self.fields["evidence"].label_from_instance = (
            lambda a: f"{a.get_kind_display()}: {a.original_name}")


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Observaciones para quien proyectó"),
                              widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": _("Escriba las observaciones.")})


class AppearanceForm(forms.Form):
    received_by_name = forms.CharField(label=_("Nombre de quien recibe la copia"),
                                       max_length=150)
    received_by_id = forms.CharField(label=_("Documento de quien recibe"), max_length=30,
                                     required=False)


class CitationDispatchForm(forms.Form):
    guide = forms.CharField(label=_("Número de guía"), max_length=120,
                            help_text=_("El de la empresa de correo que lleva la citación."))
    dispatched_at = forms.DateTimeField(
        label=_("Despachada el"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Los cinco días hábiles para comparecer corren desde el despacho."))


class AvisoDeliveryForm(forms.Form):
    delivered_at = forms.DateTimeField(
        label=_("Fecha y hora de entrega del aviso"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


RECURSO_CHOICES = [(k.value, k.label) for k in CaseKind if k in RECURSO_KINDS]


class RecursoForm(forms.Form):
    kind = forms.ChoiceField(label=_("Recurso"), choices=RECURSO_CHOICES,
                             widget=forms.RadioSelect)
    description = forms.CharField(label=_("Motivos del recurso"),
                                  widget=forms.Textarea(attrs={"rows": 6}), max_length=10000,
                                  error_messages={"required": _("Explique los motivos.")})
    paid_undisputed = forms.BooleanField(
        label=_("Pagué los valores no reclamados o el promedio de los últimos cinco periodos "
                "(Ley 142, art. 155)"), required=False)
    attachment = forms.FileField(label=_("Documento de soporte (opcional)"), required=False)


class PublicRecursoForm(RecursoForm):
    radicado = forms.CharField(label=_("Radicado de su solicitud"), max_length=30)
    tracking_code = forms.CharField(label=_("Código de consulta"), max_length=16)
    field_order = ["radicado", "tracking_code", "kind", "description", "paid_undisputed",
                   "attachment"]


class RemissionSentForm(forms.Form):
    sent_at = forms.DateTimeField(label=_("Fecha y hora de envío a la SSPD"),
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    sspd_radicado = forms.CharField(label=_("Radicado SSPD"), max_length=60, required=False)
    confirm = confirm_field(_("Confirmo que el expediente se envió a la SSPD: el envío no se "
                              "puede deshacer y el expediente ya no se podrá generar de nuevo."))


class RemissionDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decisión de la SSPD"), choices=[
        (AnswerKind.CONFIRMA, AnswerKind.CONFIRMA.label),
        (AnswerKind.MODIFICA, AnswerKind.MODIFICA.label),
        (AnswerKind.REVOCA, AnswerKind.REVOCA.label),
        (AnswerKind.RECHAZA, AnswerKind.RECHAZA.label)])
    decided_on = forms.DateField(label=_("Fecha de la decisión"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    sspd_radicado = forms.CharField(label=_("Radicado SSPD"), max_length=60, required=False)
    text = forms.CharField(label=_("Resumen"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)
    confirm = confirm_field(_("Confirmo la decisión de la SSPD: queda registrada y no se puede "
                              "cambiar."))


class ComplianceForm(forms.Form):
    complied_at = forms.DateTimeField(label=_("Cumplido el"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    note = forms.CharField(label=_("Cómo se cumplió"), widget=forms.Textarea(attrs={"rows": 3}))


class TutelaOrderForm(forms.Form):
    court = forms.CharField(label=_("Juzgado"), max_length=200)
    order_summary = forms.CharField(label=_("Orden del juez"),
                                    widget=forms.Textarea(attrs={"rows": 4}))
    deadline_at = forms.DateTimeField(label=_("Plazo exacto de la orden"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class TutelaAnswerForm(forms.Form):
    answered_at = forms.DateTimeField(label=_("Contestación radicada en el juzgado el"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class TutelaRulingForm(forms.Form):
    ruling = forms.ChoiceField(label=_("Fallo"), choices=TutelaRecord.Ruling.choices)
    summary = forms.CharField(label=_("Resumen del fallo"), widget=forms.Textarea(attrs={"rows": 3}))
    notified_at = forms.DateTimeField(label=_("Fallo notificado el"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                      help_text=_("El plazo para cumplir corre desde aquí."))
    term_amount = forms.IntegerField(
        label=_("Plazo que da el fallo para cumplir"), min_value=1, max_value=999, required=False,
        help_text=_("Tal como lo dice el fallo; obligatorio si concede la tutela."))
    term_unit = forms.ChoiceField(
        label=_("Unidad del plazo"), choices=[("", "—"), *TutelaRecord.TermUnit.choices],
        required=False)


class SapOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Resultado"), choices=SapRecognition.Outcome.choices)
    outcome_note = forms.CharField(label=_("Detalle y soporte"),
                                   widget=forms.Textarea(attrs={"rows": 3}))


class TermExtensionForm(forms.Form):
    extra_days = forms.IntegerField(label=_("Días hábiles de prórroga"), min_value=1,
                                    max_value=90)
    reasons = forms.CharField(label=_("Motivos (van en la carta al peticionario)"),
                              widget=forms.Textarea(attrs={"rows": 4}))


class TermPruebasForm(forms.Form):
    evidence = forms.CharField(label=_("Prueba que se practica"), max_length=200,
                               help_text=_("Visita, revisión del medidor, prueba de laboratorio…"))
    reasons = forms.CharField(label=_("Motivos (van en la carta al usuario)"),
                              widget=forms.Textarea(attrs={"rows": 4}))


class DispatchForm(forms.Form):
    reference = forms.CharField(label=_("Guía o constancia del envío"), max_length=120)
