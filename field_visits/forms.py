"""Forms of field visits: validation only (the services write)."""

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from field_visits.models import Acta, MeterType, RevisionOrder, Seal, Visit
from field_visits.selectors import brigadistas, zones

BIG = {"class": "big"}


class RevisionOrderForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motivo de la revisión"), choices=RevisionOrder.Reason.choices)
    reason_detail = forms.CharField(label=_("Detalle del motivo"), max_length=300, required=False)
    address = forms.CharField(label=_("Dirección de la visita"), max_length=200)
    zone = forms.CharField(label=_("Zona"), max_length=80, required=False,
                           help_text=_("Barrio, sector o municipio; agrupa la programación."))
    account_number = forms.CharField(label=_("Cuenta (NIU)"), max_length=30, required=False)
    meter_serial = forms.CharField(label=_("Serie del medidor (si se conoce)"), max_length=40,
                                   required=False)
    priority = forms.TypedChoiceField(label=_("Prioridad"), coerce=int,
                                      choices=RevisionOrder.Priority.choices,
                                      initial=RevisionOrder.Priority.NORMAL)
    instructions = forms.CharField(label=_("Instrucciones para la brigada"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    suspend_term = forms.BooleanField(
        label=_("Suspender el término de respuesta por práctica de pruebas"), required=False,
        help_text=_("Ley 142: protege del silencio positivo. Se comunica al usuario por su medio "
                    "de notificación antes del vencimiento."))
    suspension_note = forms.CharField(label=_("Texto adicional para el usuario"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class ScheduleForm(forms.Form):
    brigadista = forms.ModelChoiceField(label=_("Brigadista"), queryset=None,
                                        empty_label=_("Elija…"))
    planned_date = forms.DateField(label=_("Fecha"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    window_start = forms.TimeField(label=_("Franja: desde"), initial="08:00",
                                   widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    window_end = forms.TimeField(label=_("Franja: hasta"), initial="12:00",
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    note = forms.CharField(label=_("Nota (motivo de la reprogramación, indicaciones)"),
                           max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brigadista"].queryset = brigadistas()
        self.fields["brigadista"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean_planned_date(self):
        d = self.cleaned_data["planned_date"]
        if d < timezone.localdate():
            raise forms.ValidationError(_("No se puede programar en una fecha pasada."))
        return d

    def clean(self):
        data = super().clean()
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", _("La hora final debe ser posterior a la inicial."))
        return data


class VisitMoveForm(forms.Form):
    """A visit dropped on another cell of the week calendar."""

    brigadista = forms.ModelChoiceField(label=_("Brigadista"), queryset=None)
    planned_date = forms.DateField(label=_("Fecha"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brigadista"].queryset = brigadistas()


class CalendarFilterForm(forms.Form):
    semana = forms.DateField(label=_("Semana del"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    zona = forms.ChoiceField(label=_("Zona"), required=False)
    brigadista = forms.ModelChoiceField(label=_("Brigadista"), queryset=None, required=False,
                                        empty_label=_("Todos"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zona"].choices = [("", _("Todas"))] + [(z, z) for z in zones()]
        self.fields["brigadista"].queryset = brigadistas()
        self.fields["brigadista"].label_from_instance = lambda u: u.get_full_name() or u.username


class SafetyForm(forms.Form):
    """The QHSE self-care check: every box is required, and the service checks again."""

    epp = forms.BooleanField(label=_("Llevo puesto el equipo de protección personal completo "
                                      "(casco, gafas, guantes dieléctricos, botas, ropa ignífuga)."))
    risk_assessment = forms.BooleanField(label=_("Hice el análisis de riesgos del sitio "
                                                 "(redes, animales, terceros, clima)."))
    tools = forms.BooleanField(label=_("Las herramientas están aisladas y en buen estado, y el "
                                       "detector de tensión funciona."))
    signalling = forms.BooleanField(label=_("Señalicé y delimité el área de trabajo."))
    fit_for_work = forms.BooleanField(label=_("Estoy en condiciones de trabajar (descanso, sin "
                                              "alcohol ni medicamentos que afecten la atención)."))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


METER_TYPES = [("", _("Elija…")), *MeterType.choices]


class ActaForm(forms.Form):
    visit_date = forms.DateField(label=_("Fecha de la visita"),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    arrived = forms.TimeField(label=_("Hora de llegada"),
                              widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    departed = forms.TimeField(label=_("Hora de salida"),
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    attendance = forms.ChoiceField(label=_("¿Quién atendió la visita?"),
                                   choices=Acta.Attendance.choices, widget=forms.RadioSelect)
    attendant_name = forms.CharField(label=_("Nombre de quien atiende"), max_length=150,
                                     required=False)
    attendant_id_number = forms.CharField(label=_("Cédula de quien atiende"), max_length=20,
                                          required=False,
                                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    attendant_relation = forms.CharField(label=_("Relación con el predio (propietario, "
                                                 "arrendatario, familiar…)"), max_length=60,
                                         required=False)
    witness_name = forms.CharField(label=_("Nombre del testigo"), max_length=150, required=False)
    witness_id_number = forms.CharField(label=_("Cédula del testigo"), max_length=20,
                                        required=False,
                                        widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    meter_brand = forms.CharField(label=_("Marca del medidor"), max_length=60)
    meter_serial = forms.CharField(label=_("Serie del medidor"), max_length=40)
    meter_type = forms.ChoiceField(label=_("Tipo de medidor"), choices=METER_TYPES)
    reading_active = forms.DecimalField(label=_("Lectura activa (kWh)"), max_digits=12,
                                        decimal_places=2, min_value=0,
                                        widget=forms.NumberInput(attrs={"inputmode": "decimal",
                                                                        "step": "0.01"}))
    reading_reactive = forms.DecimalField(label=_("Lectura reactiva (kVArh)"), max_digits=12,
                                          decimal_places=2, min_value=0, required=False,
                                          widget=forms.NumberInput(attrs={"inputmode": "decimal",
                                                                          "step": "0.01"}))
    meter_removed = forms.BooleanField(label=_("Se retiró el medidor para ensayo de laboratorio"),
                                       required=False)
    removal_bag_seal = forms.CharField(label=_("Sello de la bolsa (embalado ante el usuario)"),
                                       max_length=40, required=False)
    lab_name = forms.CharField(label=_("Laboratorio acreditado (ONAC)"), max_length=150,
                               required=False)
    lab_test_when = forms.CharField(label=_("Fecha y lugar del ensayo (informados al usuario)"),
                                    max_length=200, required=False)
    anomalies = forms.MultipleChoiceField(label=_("Anomalías encontradas"),
                                          choices=Acta.Anomaly.choices,
                                          widget=forms.CheckboxSelectMultiple)
    anomalies_note = forms.CharField(label=_("Descripción de las anomalías"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    tests_performed = forms.CharField(label=_("Pruebas realizadas y resultados"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    user_observations = forms.CharField(label=_("Observaciones del usuario"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultiplePhotoField(
        label=_("Fotos"), required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Puede tomar varias. Se reducen al enviarlas y conservan la hora y la "
                    "ubicación que registre el teléfono."))
    copy_delivered = forms.BooleanField(label=_("Se entregó copia del acta a quien atendió"),
                                        required=False)
    brigadista_id_number = forms.CharField(label=_("Su número de documento"), max_length=20,
                                           required=False)
    signature_attendant = forms.CharField(widget=forms.HiddenInput, required=False)
    signature_brigadista = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by the page's script when the signature was typed, not drawn.
    signature_attendant_typed = forms.BooleanField(widget=forms.HiddenInput, required=False)
    signature_brigadista_typed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def clean_anomalies(self):
        values = self.cleaned_data["anomalies"]
        if Acta.Anomaly.NONE in values and len(values) > 1:
            raise forms.ValidationError(_("«Sin anomalías» no se puede marcar junto con otras."))
        return values

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        if len(photos) > 12:
            raise forms.ValidationError(_("Máximo 12 fotos por acta."))
        limit = settings.PQR_MAX_ATTACHMENT_BYTES
        for p in photos:
            if p.size > limit:
                raise forms.ValidationError(_("La foto «%(name)s» supera el tamaño máximo.")
                                            % {"name": p.name})
        return photos

    def clean(self):
        data = super().clean()
        attendance = data.get("attendance")
        need = []
        if attendance in (Acta.Attendance.PRESENT, Acta.Attendance.REFUSED):
            need += ["attendant_name", "attendant_id_number"]
        if attendance == Acta.Attendance.PRESENT:
            need.append("attendant_relation")
        if attendance in (Acta.Attendance.ABSENT, Acta.Attendance.REFUSED):
            need += ["witness_name", "witness_id_number"]
        for f in need:
            if not (data.get(f) or "").strip():
                self.add_error(f, _("Este dato es obligatorio para la forma de atención elegida."))
        if Acta.Anomaly.OTHER in (data.get("anomalies") or []) and not data.get("anomalies_note"):
            self.add_error("anomalies_note", _("Describa la anomalía marcada como «Otra»."))
        if data.get("meter_removed"):
            for f in ("removal_bag_seal", "lab_name", "lab_test_when"):
                if not (data.get(f) or "").strip():
                    self.add_error(f, _("Obligatorio cuando se retira el medidor."))
        arrived, departed = data.get("arrived"), data.get("departed")
        if arrived and departed and departed < arrived:
            self.add_error("departed", _("La hora de salida no puede ser anterior a la llegada."))
        for f in ("signature_attendant", "signature_brigadista"):
            if not data.get(f):
                self.add_error(f, _("Falta la firma."))
        return data


class SealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sello"), choices=Seal.Kind.choices)
    number = forms.CharField(label=_("Número"), max_length=40, required=False)
    location = forms.CharField(label=_("Ubicación (tapa, bornera…)"), max_length=60,
                               required=False)
    condition = forms.ChoiceField(label=_("Estado"), choices=Seal.Condition.choices)


SealFormSet = formset_factory(SealForm, extra=0, max_num=10, validate_max=True)


def seal_formset_initial():
    return [{"kind": Seal.Kind.FOUND, "condition": Seal.Condition.GOOD},
            {"kind": Seal.Kind.FOUND, "condition": Seal.Condition.GOOD},
            {"kind": Seal.Kind.INSTALLED, "condition": Seal.Condition.NEW},
            {"kind": Seal.Kind.INSTALLED, "condition": Seal.Condition.NEW}]


class FailForm(forms.Form):
    reason = forms.ChoiceField(label=_("¿Por qué no se pudo hacer la visita?"),
                               choices=Visit.FailureReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Observación"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("reason") == Visit.FailureReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Describa el motivo."))
        return data


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Motivo de la corrección"),
                             widget=forms.Textarea(attrs={"rows": 2}))
    meter_serial = forms.CharField(label=_("Serie del medidor"), max_length=40)
    reading_active = forms.DecimalField(label=_("Lectura activa (kWh)"), max_digits=12,
                                        decimal_places=2, min_value=0)
    reading_reactive = forms.DecimalField(label=_("Lectura reactiva (kVArh)"), max_digits=12,
                                          decimal_places=2, min_value=0, required=False)
    anomalies_note = forms.CharField(label=_("Descripción de las anomalías"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    tests_performed = forms.CharField(label=_("Pruebas realizadas y resultados"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
