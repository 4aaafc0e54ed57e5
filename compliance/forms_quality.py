"""Forms of the quality system pages (non-conformities, actions, retraining, QHSE, plan)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import (
    ChecklistTemplate,
    CorrectiveAction,
    InspectionAnswer,
    NonConformity,
    PlanResource,
    ServicePlan,
    SupportRequest,
    Training,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def staff_field(label, required=True, **kw):
    users = get_user_model().objects.filter(is_active=True, groups__isnull=False).distinct() \
        .order_by("first_name", "last_name", "username")
    return StaffChoiceField(queryset=users, label=label, required=required, **kw)


class NcFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False,
                        help_text=_("Número (NC-…), radicado o texto de la descripción."))
    status = forms.ChoiceField(label=_("Estado"), required=False, choices=[
        ("", _("Abiertas (sin cerrar ni anular)")), ("todas", _("Todas")),
        *NonConformity.Status.choices])
    origin = forms.ChoiceField(label=_("Origen"), required=False,
                               choices=[("", _("Todos")), *NonConformity.Origin.choices])
    severity = forms.ChoiceField(label=_("Severidad"), required=False,
                                 choices=[("", _("Todas")), *NonConformity.Severity.choices])


class NcOpenForm(forms.Form):
    origin = forms.ChoiceField(label=_("Origen"), choices=[
        c for c in NonConformity.Origin.choices if c[0] != NonConformity.Origin.REPETICION])
    kind = forms.ChoiceField(label=_("Tipo"), choices=[
        c for c in NonConformity.Kind.choices if c[0] != NonConformity.Kind.REPETITIVA])
    severity = forms.ChoiceField(label=_("Severidad"), choices=NonConformity.Severity.choices,
                                 initial=NonConformity.Severity.MAYOR)
    description = forms.CharField(label=_("Descripción"), widget=TEXT)
    case_radicado = forms.CharField(label=_("Radicado del caso (si aplica)"), required=False)
    visit_id = forms.IntegerField(label=_("Número interno de la visita (si aplica)"),
                                  required=False, min_value=1)
    due_date = forms.DateField(label=_("Fecha límite de tratamiento"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = staff_field(_("Persona involucrada (si aplica)"), required=False)
        self.fields["responsible"] = staff_field(_("Responsable del tratamiento"), required=False)
        self.order_fields(["origin", "kind", "severity", "description", "case_radicado",
                           "visit_id", "person", "responsible", "due_date"])


class NcLinkForm(forms.Form):
    """Add a case, a visit or a person concerned by a non-conformity (one at a time)."""

    case_radicado = forms.CharField(label=_("Radicado del caso"), required=False)
    visit_id = forms.IntegerField(label=_("Número interno de la visita"), required=False,
                                  min_value=1)
    note = forms.CharField(label=_("Por qué (opcional)"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = staff_field(_("Persona del equipo"), required=False)


class AnalysisForm(forms.Form):
    method = forms.ChoiceField(label=_("Método"), choices=NonConformity.Method.choices,
                               widget=forms.RadioSelect, initial=NonConformity.Method.CINCO_PORQUES)
    why_1 = forms.CharField(label=_("1. ¿Por qué ocurrió?"), required=False)
    why_2 = forms.CharField(label=_("2. ¿Por qué?"), required=False)
    why_3 = forms.CharField(label=_("3. ¿Por qué?"), required=False)
    why_4 = forms.CharField(label=_("4. ¿Por qué?"), required=False)
    why_5 = forms.CharField(label=_("5. ¿Por qué?"), required=False)
    root_cause = forms.CharField(label=_("Causa raíz"), widget=TEXT)
    severity = forms.ChoiceField(label=_("Severidad"), choices=NonConformity.Severity.choices)
    due_date = forms.DateField(label=_("Fecha límite de tratamiento"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"] = staff_field(_("Responsable del tratamiento"))

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("La fecha límite no puede estar en el pasado."))
        return due


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Acción correctiva"), widget=TEXT)
    due_date = forms.DateField(label=_("Fecha límite"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = staff_field(_("Responsable de la acción"))


class ActionWorkForm(forms.Form):
    status = forms.ChoiceField(label=_("Nuevo estado"), choices=CorrectiveAction.Status.choices)
    note = forms.CharField(label=_("Qué se hizo o por qué"), widget=TEXT, required=False)
    evidence = forms.FileField(label=_("Evidencia (archivo)"), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nuevo estado"), choices=NonConformity.Status.choices)
    note = forms.CharField(label=_("Observación"), widget=TEXT, required=False)


class VerifyForm(forms.Form):
    verified_on = forms.DateField(label=_("Fecha de verificación"), widget=DATE)
    result = forms.ChoiceField(label=_("Resultado"), choices=NonConformity.Result.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Observaciones"), widget=TEXT, required=False)


class TrainingForm(forms.Form):
    topic = forms.CharField(label=_("Tema"), max_length=200)
    planned_on = forms.DateField(label=_("Fecha"), widget=DATE)
    duration_hours = forms.DecimalField(label=_("Duración (horas)"), min_value=0.5, max_value=99,
                                        decimal_places=1)
    trainer = forms.CharField(label=_("Capacitador"), max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = staff_field(_("Persona"))
        self.order_fields(["person", "topic", "planned_on", "duration_hours", "trainer"])


class TrainingDoneForm(forms.Form):
    status = forms.ChoiceField(label=_("Nuevo estado"), choices=[
        c for c in Training.Status.choices if c[0] != Training.Status.PENDIENTE])
    held_on = forms.DateField(label=_("Realizada el"), widget=DATE, required=False)
    evidence = forms.FileField(label=_("Lista de asistencia o soporte"), required=False)
    note = forms.CharField(label=_("Observaciones"), widget=TEXT, required=False)


class ChecklistForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=120)
    area = forms.ChoiceField(label=_("Componente"), choices=ChecklistTemplate.Area.choices)
    subject = forms.ChoiceField(label=_("Se aplica a"), choices=ChecklistTemplate.Subject.choices)
    items = forms.CharField(
        label=_("Puntos a verificar"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Un punto por línea. Empiece la línea con «*» si el punto es crítico "
                    "(su incumplimiento abre una no conformidad)."))

    def clean_items(self):
        lines = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Escriba al menos un punto."))
        return [{"text": line.lstrip("*").strip(), "critical": line.startswith("*")}
                for line in lines]


class InspectionForm(forms.Form):
    """The header of an inspection; the items are added per checklist in __init__."""

    team = forms.CharField(label=_("Equipo"), required=False, max_length=120)
    visit_id = forms.IntegerField(label=_("Número interno de la visita"), required=False,
                                  min_value=1)
    place = forms.CharField(label=_("Lugar"), required=False, max_length=200)
    note = forms.CharField(label=_("Observaciones generales"), widget=TEXT, required=False)

    def __init__(self, *args, template: ChecklistTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = staff_field(_("Persona inspeccionada"), required=False)
        self.order_fields(["person", "team", "visit_id", "place", "note"])
        self.items = list(template.items.all())
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.text, choices=InspectionAnswer.Result.choices,
                widget=forms.RadioSelect, required=False)
            self.fields[f"item_{item.pk}_note"] = forms.CharField(
                label=_("Hallazgo"), required=False, max_length=250)
            self.fields[f"item_{item.pk}_photo"] = forms.FileField(
                label=_("Foto"), required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/*",
                                                       "capture": "environment"}))

    def header_fields(self):
        return [self[n] for n in ("person", "team", "visit_id", "place", "note")]

    def item_rows(self):
        return [(item, self[f"item_{item.pk}"], self[f"item_{item.pk}_note"],
                 self[f"item_{item.pk}_photo"]) for item in self.items]

    def answers(self, files) -> dict:
        data = self.cleaned_data
        return {item.pk: {"result": data.get(f"item_{item.pk}") or None,
                          "note": data.get(f"item_{item.pk}_note", ""),
                          "photo": data.get(f"item_{item.pk}_photo")} for item in self.items}


class PlanForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Periodo"), choices=ServicePlan.PeriodKind.choices)
    period_start = forms.DateField(label=_("Primer día del periodo"), widget=DATE)
    objective = forms.CharField(label=_("Objetivo del periodo"), widget=TEXT, required=False)


class IndicatorForm(forms.Form):
    code = forms.SlugField(label=_("Código"), max_length=40)
    name = forms.CharField(label=_("Indicador"), max_length=160)
    formula = forms.CharField(label=_("Fórmula"), max_length=250)
    target = forms.DecimalField(label=_("Meta"), max_digits=10, decimal_places=2)
    unit = forms.CharField(label=_("Unidad"), max_length=20, initial="%")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"] = staff_field(_("Responsable"))


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=PlanResource.Kind.choices)
    description = forms.CharField(label=_("Descripción"), max_length=200)
    quantity = forms.IntegerField(label=_("Cantidad"), min_value=1, initial=1)


class ActivityForm(forms.Form):
    description = forms.CharField(label=_("Actividad"), max_length=250)
    due_date = forms.DateField(label=_("Fecha"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"] = staff_field(_("Responsable"))


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=1, can_delete=True)
ResourceFormSet = forms.formset_factory(ResourceForm, extra=1, can_delete=True)
ActivityFormSet = forms.formset_factory(ActivityForm, extra=1, can_delete=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decisión"), widget=forms.RadioSelect, choices=[
        ("aprobar", _("Aprobar")), ("devolver", _("Devolver con observaciones"))])
    observations = forms.CharField(label=_("Observaciones"), widget=TEXT, required=False)


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=SupportRequest.Kind.choices)
    description = forms.CharField(label=_("Qué se necesita"), widget=TEXT)
    due_date = forms.DateField(label=_("Fecha requerida"), widget=DATE)
    nonconformity_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    inspection_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = staff_field(_("Responsable del seguimiento"))


class SupportMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("Nuevo estado"), choices=SupportRequest.Status.choices)
    answer = forms.CharField(label=_("Respuesta del otro proceso"), widget=TEXT, required=False)
    note = forms.CharField(label=_("Observación"), widget=TEXT, required=False)
