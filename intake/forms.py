"""Staff forms of intake: they validate and never save (services write)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caserecord.files import validate_upload
from intake.choices import CaseKind, Channel, IdType, NotifyBy
from intake.models import Attachment, Causal, Municipality
from intake.services.agreements import agreement_validate
from intake.services.assignment import assignable_users
from intake.services.desk import QUICK_TOPICS
from intake.validators import validate_id
from intake.widgets import FastSelect
from intake.workflow import HAND_TARGETS, allowed_targets
from pqr_portal.confirm import confirm_field
from pqr_portal.params import id_or_none

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class CustomerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar usuario"), required=False, max_length=100,
        help_text=_("Cuenta (NIU), número de documento o nombre."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class CustomerForm(forms.Form):
    """The petitioner: found by search and prefilled, or typed for a new customer."""

    id_type = forms.ChoiceField(label=_("Tipo de documento"), choices=IdType.choices)
    id_number = forms.CharField(label=_("Número de documento"), max_length=20)
    # Required unless the document is a NIT (checked in clean()): marked as required.
    first_name = forms.CharField(label=_("Nombres"), max_length=80, required=False)
    last_name = forms.CharField(label=_("Apellidos"), max_length=80, required=False)
    first_name.marked_required = last_name.marked_required = True
    business_name = forms.CharField(label=_("Razón social"), max_length=150, required=False)
    phone = forms.CharField(label=_("Teléfono"), max_length=20, required=False)
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    address = forms.CharField(label=_("Dirección"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(label=_("Municipio"), required=False,
                                          queryset=Municipality.objects.all(),
                                          empty_label=_("Elija el municipio…"))
    estrato = forms.IntegerField(label=_("Estrato"), required=False, min_value=1, max_value=6)
    accounts = forms.CharField(label=_("Cuentas (NIU)"), max_length=300, required=False,
                               help_text=_("Separadas por coma."))

    def clean(self):
        data = super().clean()
        if "id_number" in data and "id_type" in data:
            try:
                data["id_number"] = validate_id(data["id_type"], data["id_number"])
            except ValidationError as exc:
                self.add_error("id_number", exc)
        if data.get("id_type") == IdType.NIT:
            if not data.get("business_name"):
                self.add_error("business_name", _("Escriba la razón social de la empresa."))
        elif not (data.get("first_name") and data.get("last_name")) and not data.get("business_name"):
            self.add_error("first_name", _("Escriba los nombres y apellidos del usuario."))
        return data

    def customer_fields(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("first_name", "last_name", "business_name", "phone", "email",
                                  "address", "municipality", "estrato", "accounts")}


class StaffCaseForm(forms.Form):
    """A PQR registered by staff from any channel."""

    channel = forms.ChoiceField(label=_("Canal"), choices=Channel.choices,
                                initial=Channel.PRESENCIAL)
    kind = forms.ChoiceField(label=_("Tipo de solicitud"), choices=CaseKind.choices,
                             initial=CaseKind.RECLAMO)
    causal = forms.ModelChoiceField(label=_("Causal"), required=False,
                                    queryset=Causal.objects.filter(active=True),
                                    empty_label=_("Elija la causal…"))
    account_number = forms.CharField(label=_("Cuenta (NIU)"), max_length=30, required=False)
    bill_number = forms.CharField(label=_("Número de factura"), max_length=30, required=False)
    bill_issued_on = forms.DateField(label=_("Fecha de la factura"), required=False,
                                     widget=DATE_INPUT)
    subject = forms.CharField(label=_("Asunto"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Objeto de la solicitud"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Lo que pide el usuario, con sus palabras."))
    verbal_note = forms.CharField(
        label=_("Nota de la atención verbal"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Solo canales presencial y telefónico: quedará en la constancia escrita."))
    hand_deadline_at = forms.DateTimeField(
        label=_("Plazo exacto ordenado"), required=False, widget=DATETIME_LOCAL,
        help_text=_("Tutela: obligatorio. SSPD: si la orden no fija plazo se aplican 10 días "
                    "hábiles."))
    external_reference = forms.CharField(
        label=_("Radicado externo (juzgado o SSPD)"), max_length=60, required=False)
    authority_name = forms.CharField(
        label=_("Autoridad que remite (juzgado o dependencia de la SSPD)"), max_length=200,
        required=False, help_text=_("Tutela y solicitud SSPD: la respuesta se dirige a ella."))
    authority_address = forms.CharField(label=_("Dirección de la autoridad"), max_length=200,
                                        required=False)
    authority_email = forms.EmailField(label=_("Correo de la autoridad"), required=False)
    received_on = forms.DateField(
        label=_("Fecha en que llegó el documento"), required=False, widget=DATE_INPUT,
        help_text=_("Si llegó antes de hoy, los términos cuentan desde esa fecha."))
    received_reason = forms.CharField(
        label=_("Motivo de la radicación posterior"), max_length=300, required=False,
        help_text=_("Obligatorio cuando la fecha de llegada no es hoy."))
    notify_by = forms.ChoiceField(label=_("Medio de notificación"), choices=NotifyBy.choices,
                                  initial=NotifyBy.POSTAL)
    notify_email = forms.EmailField(label=_("Correo para notificar"), required=False)
    notify_address = forms.CharField(label=_("Dirección para notificar"), max_length=200,
                                     required=False)
    electronic_consent = forms.BooleanField(
        label=_("El usuario acepta la notificación electrónica"), required=False)
    data_consent = forms.BooleanField(
        label=_("El usuario autorizó el tratamiento de sus datos personales"), required=False)
    attachments = MultipleFileField(label=_("Anexos (carta escaneada, soportes)"),
                                    required=False)

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        errors = []
        for f in files:
            try:
                validate_upload(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        data = super().clean()
        kind, deadline = data.get("kind"), data.get("hand_deadline_at")
        if kind == CaseKind.TUTELA and not deadline:
            self.add_error("hand_deadline_at",
                           _("La tutela requiere la fecha y hora exactas ordenadas por el juez."))
        if kind in (CaseKind.TUTELA, CaseKind.SOLICITUD_SSPD) and not data.get("external_reference"):
            self.add_error("external_reference",
                           _("Escriba el número del proceso o del oficio que llegó."))
        if kind in (CaseKind.TUTELA, CaseKind.SOLICITUD_SSPD) and not data.get("authority_name"):
            self.add_error("authority_name",
                           _("Escriba el juzgado o la dependencia de la SSPD: la respuesta se "
                             "dirige a ella."))
        received_on, today = data.get("received_on"), timezone.localdate()
        if received_on and received_on > today:
            self.add_error("received_on", _("La fecha de recibo no puede ser futura."))
        elif received_on and received_on != today and not data.get("received_reason", "").strip():
            self.add_error("received_reason", _(
                "Explique por qué se radica después del día en que llegó el documento."))
        if deadline and kind not in (CaseKind.TUTELA, CaseKind.SOLICITUD_SSPD):
            self.add_error("hand_deadline_at",
                           _("Solo la tutela y la solicitud SSPD llevan un plazo fijado a mano."))
        elif deadline and deadline <= timezone.now():
            self.add_error("hand_deadline_at", _("El plazo ordenado ya pasó: revise la fecha."))
        if data.get("notify_by") == NotifyBy.EMAIL:
            if not data.get("notify_email"):
                self.add_error("notify_email", _("Escriba el correo para notificar."))
            if not data.get("electronic_consent"):
                self.add_error("electronic_consent",
                               _("La notificación electrónica requiere la aceptación expresa."))
        return data


class QuickAnswerForm(forms.Form):
    """Información at first contact: what was asked and what was answered."""

    channel = forms.ChoiceField(label=_("Canal"), initial=Channel.PRESENCIAL, choices=[
        (c.value, c.label) for c in (Channel.PRESENCIAL, Channel.TELEFONICO, Channel.CORREO,
                                     Channel.ESCRITO)])
    topic = forms.ChoiceField(label=_("Tema"), choices=list(QUICK_TOPICS.items()))
    account_number = forms.CharField(label=_("Cuenta (NIU)"), max_length=30, required=False)
    question = forms.CharField(label=_("Qué preguntó el usuario"),
                               widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(label=_("Qué se le respondió"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class AgreementForm(forms.Form):
    account_number = forms.CharField(label=_("Cuenta (NIU)"), max_length=30)
    debt_amount = forms.DecimalField(label=_("Deuda total ($)"), max_digits=14, decimal_places=2)
    down_payment = forms.DecimalField(label=_("Cuota inicial ($)"), max_digits=14,
                                      decimal_places=2)
    installments = forms.IntegerField(label=_("Número de cuotas"))
    monthly_interest_rate = forms.DecimalField(label=_("Interés mensual (%)"), max_digits=5,
                                               decimal_places=2)
    first_due_date = forms.DateField(label=_("Vencimiento de la primera cuota"),
                                     widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            agreement_validate(today=timezone.localdate(), **{
                k: data.get(k) for k in ("debt_amount", "down_payment", "installments",
                                         "monthly_interest_rate", "first_due_date")})
        except ValidationError as exc:
            for fieldname, messages in exc.message_dict.items():
                for m in messages:
                    self.add_error(fieldname, m)
        return data


# --- case page actions ------------------------------------------------------------

def transition_choices(case, roles) -> list[tuple[str, str]]:
    """
    The plain state buttons: only taking a case up (workflow.HAND_TARGETS). Every
    other state, and every final one, is reached by its own act and service.
    """
    return [(t.value, t.label) for t in allowed_targets(case.status, roles)
            if t in HAND_TARGETS]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nuevo estado"))
    note = forms.CharField(label=_("Observación"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = transition_choices(case, roles)


class AnnulForm(forms.Form):
    reason = forms.CharField(label=_("Motivo de la anulación"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Indique el motivo de la anulación.")})
    duplicate_of = forms.CharField(
        label=_("Duplicado de (radicado)"), max_length=30, required=False,
        help_text=_("Si es un duplicado, el radicado del caso que conserva la solicitud."))
    confirm = confirm_field(_("Confirmo la anulación: el caso sale del trámite y no se puede "
                              "deshacer."))

    def clean_duplicate_of(self):
        from intake.models import Case

        radicado = self.cleaned_data["duplicate_of"].strip()
        if not radicado:
            return None
        case = Case.objects.filter(radicado=radicado).first()
        if case is None:
            raise ValidationError(_("No existe un caso con ese radicado."))
        return case


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Asignar a"), required=False, queryset=None,
                                      empty_label=_("— elija —"), widget=FastSelect)
    round_robin = forms.BooleanField(
        label=_("Repartir por turno entre los gestores de back office"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users()
        self.fields["assignee"].label_from_instance = (
            lambda u: u.get_full_name() or u.username)

    def clean(self):
        data = super().clean()
        if bool(data.get("assignee")) == bool(data.get("round_robin")):
            raise ValidationError(_("Elija una persona o marque el reparto por turno "
                                    "(solo una de las dos)."))
        return data


class BulkAssignForm(AssignForm):
    # The checkboxes of the table carry the ids; nothing to render here.
    cases = forms.TypedMultipleChoiceField(coerce=int, label=_("Casos"), choices=(),
                                           widget=forms.MultipleHiddenInput,
                                           error_messages={
                                               "required": _("Seleccione al menos un caso.")})

    def clean_cases(self):
        return self.cleaned_data["cases"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ids are checked against the user's scope in the view, not listed here.
        self.fields["cases"].valid_value = lambda value: id_or_none(value) is not None


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Archivo"))
    kind = forms.ChoiceField(label=_("Tipo"), initial=Attachment.Kind.EVIDENCIA, choices=[
        (k.value, k.label) for k in (Attachment.Kind.EVIDENCIA, Attachment.Kind.PETICION,
                                     Attachment.Kind.CARTA_ESCANEADA, Attachment.Kind.OTRO)])
    description = forms.CharField(label=_("Descripción"), max_length=200, required=False)

    def clean_file(self):
        f = self.cleaned_data["file"]
        validate_upload(f)
        return f


class TeamForm(forms.Form):
    """A work team: its name and its members (gestores and brigadistas)."""

    name = forms.CharField(label=_("Nombre del equipo"), max_length=80)
    members = forms.ModelMultipleChoiceField(label=_("Integrantes"), required=False,
                                             queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, team=None, **kwargs):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        from intake.models import Team
        from pqr_portal.roles import CASE_WORKERS, GROUP_NAMES, Role

        super().__init__(*args, **kwargs)
        self.team = team
        groups = [GROUP_NAMES[r] for r in {*CASE_WORKERS, Role.BRIGADISTA}]
        self.fields["members"].queryset = (
            get_user_model().objects.filter(Q(groups__name__in=groups), is_active=True)
            .distinct().order_by("first_name", "last_name", "username"))
        self.fields["members"].label_from_instance = lambda u: u.get_full_name() or u.username
        self._teams = Team.objects.exclude(pk=team.pk) if team else Team.objects.all()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self._teams.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Ya existe un equipo con ese nombre."))
        return name
