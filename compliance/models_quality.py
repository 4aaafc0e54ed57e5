"""
The treatment and supervision records of the quality system (CPAI-001, Check and Act):
corrective actions, retraining, QHSE checklists and inspections, and requests to the
support processes. Imported by compliance.models; people are users, cases and visits
are referred to by model string only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ChecklistItem", "ChecklistTemplate", "CorrectiveAction", "Inspection",
           "InspectionAnswer", "SupportRequest", "Training"]

USER = settings.AUTH_USER_MODEL


class CorrectiveAction(models.Model):
    """One corrective action of a non-conformity: an owner, a due date, evidence."""

    class Status(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        EN_CURSO = "en_curso", _("En curso")
        HECHA = "hecha", _("Hecha")
        CANCELADA = "cancelada", _("Cancelada")

    nonconformity = models.ForeignKey("compliance.NonConformity", on_delete=models.PROTECT,
                                      related_name="actions")
    description = models.TextField(_("acción"))
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="corrective_actions",
                              verbose_name=_("responsable"))
    due_date = models.DateField(_("fecha límite"))
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices,
                              default=Status.PENDIENTE)
    evidence = models.FileField(_("evidencia"), upload_to="calidad/acciones/%Y/%m/", blank=True)
    evidence_note = models.TextField(_("qué se hizo"), blank=True)
    done_at = models.DateTimeField(_("hecha el"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("acción correctiva")
        verbose_name_plural = _("acciones correctivas")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner", "status"], name="action_owner_status_idx")]

    def __str__(self):
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDIENTE, self.Status.EN_CURSO)


class Training(models.Model):
    """A (re)training of one person: topic, date, duration, trainer, attendance evidence."""

    class Status(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        REALIZADA = "realizada", _("Realizada")
        CANCELADA = "cancelada", _("Cancelada")

    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="trainings",
                               verbose_name=_("persona"))
    topic = models.CharField(_("tema"), max_length=200)
    planned_on = models.DateField(_("fecha"))
    duration_hours = models.DecimalField(_("duración (horas)"), max_digits=4, decimal_places=1)
    trainer = models.CharField(_("capacitador"), max_length=120)
    nonconformity = models.ForeignKey("compliance.NonConformity", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="trainings")
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices,
                              default=Status.PENDIENTE)
    evidence = models.FileField(_("lista de asistencia o soporte"),
                                upload_to="calidad/capacitaciones/%Y/%m/", blank=True)
    held_on = models.DateField(_("realizada el"), null=True, blank=True)
    note = models.TextField(_("observaciones"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("capacitación")
        verbose_name_plural = _("capacitaciones")
        ordering = ["-planned_on", "-pk"]

    def __str__(self):
        return self.topic


class ChecklistTemplate(models.Model):
    """
    One version of an inspection checklist. Editing makes a new version (same
    code, version + 1) and retires the previous one; inspections keep theirs.
    """

    class Area(models.TextChoices):
        CALIDAD = "calidad", _("Calidad")
        AMBIENTE = "ambiente", _("Ambiente")
        SST = "sst", _("Seguridad y salud en el trabajo")

    class Subject(models.TextChoices):
        PERSONA = "persona", _("Una persona")
        EQUIPO = "equipo", _("Un equipo de trabajo")
        VISITA = "visita", _("Una visita de campo")

    code = models.SlugField(_("código"), max_length=40)
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    name = models.CharField(_("nombre"), max_length=120)
    area = models.CharField(_("componente"), max_length=10, choices=Area.choices)
    subject = models.CharField(_("se aplica a"), max_length=10, choices=Subject.choices)
    active = models.BooleanField(_("vigente"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("lista de chequeo")
        verbose_name_plural = _("listas de chequeo")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_code_version"),
            models.UniqueConstraint(fields=["code"], condition=Q(active=True),
                                    name="checklist_one_active_version"),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class ChecklistItem(models.Model):
    """A question of a checklist version; `key` stays the same across versions."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("punto a verificar"), max_length=250)
    critical = models.BooleanField(_("crítico"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="item_key_once")]

    def __str__(self):
        return self.text


class Inspection(models.Model):
    """A checklist applied to a person, a team or a visit, by an inspector."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT,
                                 related_name="inspections")
    inspector = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("inspector"))
    person = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="inspections_received", verbose_name=_("persona"))
    team = models.CharField(_("equipo"), max_length=120, blank=True)
    visit = models.ForeignKey("field_visits.Visit", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="inspections")
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    performed_at = models.DateTimeField(_("realizada el"), default=timezone.now)
    note = models.TextField(_("observaciones"), blank=True)

    class Meta:
        verbose_name = _("inspección QHSE")
        verbose_name_plural = _("inspecciones QHSE")
        ordering = ["-performed_at", "-pk"]

    def __str__(self):
        return f"{self.template} · {self.performed_at:%Y-%m-%d}"

    @property
    def failed_count(self) -> int:
        return sum(1 for a in self.answers.all() if a.result == InspectionAnswer.Result.NO_CUMPLE)


class InspectionAnswer(models.Model):
    """The result of one item of an inspection, with an optional photo."""

    class Result(models.TextChoices):
        CUMPLE = "cumple", _("Cumple")
        NO_CUMPLE = "no_cumple", _("No cumple")
        NO_APLICA = "no_aplica", _("No aplica")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("resultado"), max_length=10, choices=Result.choices)
    note = models.CharField(_("observación"), max_length=250, blank=True)
    photo = models.FileField(_("foto"), upload_to="calidad/inspecciones/%Y/%m/", blank=True)

    class Meta:
        ordering = ["item__position", "pk"]

    def __str__(self):
        return f"{self.item_id} {self.result}"


class SupportRequest(models.Model):
    """A request to a support process (logistics, human resources, infrastructure, documents)."""

    class Kind(models.TextChoices):
        COMPRA = "compra", _("Requisición de compra a logística")
        PERSONAL = "personal", _("Solicitud de personal a talento humano")
        INFRAESTRUCTURA = "infraestructura", _("Necesidad de infraestructura")
        DOCUMENTO = "documento", _("Creación o cambio de documento controlado (mejora)")

    class Status(models.TextChoices):
        ABIERTA = "abierta", _("Abierta")
        ENVIADA = "enviada", _("Enviada al proceso")
        RESPONDIDA = "respondida", _("Respondida")
        CERRADA = "cerrada", _("Cerrada")
        ANULADA = "anulada", _("Anulada")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("qué se necesita"))
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("responsable del seguimiento"))
    due_date = models.DateField(_("fecha requerida"))
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices,
                              default=Status.ABIERTA)
    answer = models.TextField(_("respuesta del proceso"), blank=True)
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    nonconformity = models.ForeignKey("compliance.NonConformity", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="support_requests")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="support_requests")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("solicitud a proceso de apoyo")
        verbose_name_plural = _("solicitudes a procesos de apoyo")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.description[:40]}"
