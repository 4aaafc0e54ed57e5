"""
The service plan (CPAI-001, Plan): per period, indicators with formula, target
and responsible; resources; activities. Drafted by the coordinator, approved by
the gerente, versioned (a new version copies the last one; approving it
replaces the previous approved version).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["PlanActivity", "PlanIndicator", "PlanResource", "ServicePlan"]

USER = settings.AUTH_USER_MODEL


class ServicePlan(models.Model):
    class PeriodKind(models.TextChoices):
        MES = "mes", _("Mes")
        TRIMESTRE = "trimestre", _("Trimestre")

    class Status(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        ENVIADO = "enviado", _("Enviado a aprobación")
        DEVUELTO = "devuelto", _("Devuelto con observaciones")
        APROBADO = "aprobado", _("Aprobado")
        REEMPLAZADO = "reemplazado", _("Reemplazado por una versión posterior")

    period_kind = models.CharField(_("periodo"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("desde"))
    period_end = models.DateField(_("hasta"))
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices,
                              default=Status.BORRADOR)
    objective = models.TextField(_("objetivo del periodo"), blank=True)
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decidido el"), null=True, blank=True)
    observations = models.TextField(_("observaciones de gerencia"), blank=True)
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("plan de servicio")
        verbose_name_plural = _("planes de servicio")
        ordering = ["-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period_start", "period_end", "version"],
                                    name="plan_period_version"),
            models.UniqueConstraint(fields=["period_start", "period_end"],
                                    condition=Q(status="aprobado"),
                                    name="plan_one_approved_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="plan_period_ordered"),
        ]

    def __str__(self):
        return f"{self.period_start:%Y-%m} – {self.period_end:%Y-%m} v{self.version}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("compliance:plan-detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.BORRADOR, self.Status.DEVUELTO)


class PlanIndicator(models.Model):
    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("código"), max_length=40)
    name = models.CharField(_("indicador"), max_length=160)
    formula = models.CharField(_("fórmula"), max_length=250)
    target = models.DecimalField(_("meta"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unidad"), max_length=20, default="%")
    responsible = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("responsable"))

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_once")]

    def __str__(self):
        return self.name


class PlanResource(models.Model):
    class Kind(models.TextChoices):
        PERSONAS = "personas", _("Personas")
        VEHICULOS = "vehiculos", _("Vehículos")
        EQUIPOS = "equipos", _("Equipos")

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("descripción"), max_length=200)
    quantity = models.PositiveIntegerField(_("cantidad"), default=1)

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.description


class PlanActivity(models.Model):
    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="activities")
    description = models.CharField(_("actividad"), max_length=250)
    responsible = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("responsable"))
    due_date = models.DateField(_("fecha"))

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description
