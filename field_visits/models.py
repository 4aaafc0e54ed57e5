"""
Revision orders, the visits programmed for them, and the actas the crew signs.

One RevisionOrder (with its own OR number) may need several Visit attempts:
each programming or reprogramming is a new Visit row, so the history of the
calendar is kept. A Visit ends executed (with its Acta) or failed (the order
goes back to the unscheduled list). Actas are immutable once saved;
corrections are new Acta rows pointing at the one they correct.

Only field_visits.services writes these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RevisionOrder(models.Model):
    """An order to revise the installation of a case (orden de revisión)."""

    class Status(models.TextChoices):
        PENDING = "pendiente", _("Sin programar")
        SCHEDULED = "programada", _("Programada")
        EXECUTED = "ejecutada", _("Ejecutada")
        CANCELLED = "anulada", _("Anulada")

    class Priority(models.IntegerChoices):
        # Lower sorts first in the unscheduled list.
        URGENT = 1, _("Urgente")
        HIGH = 2, _("Alta")
        NORMAL = 3, _("Normal")
        LOW = 4, _("Baja")

    class Reason(models.TextChoices):
        HIGH_CONSUMPTION = "alto_consumo", _("Alto consumo / desviación significativa")
        METER_CHECK = "revision_medidor", _("Revisión del medidor")
        READING_CHECK = "verificacion_lectura", _("Verificación de lectura")
        CONNECTION = "conexion", _("Conexión o acometida")
        SUPPLY_QUALITY = "calidad", _("Calidad del suministro (tensión)")
        SAFETY = "seguridad", _("Condiciones de seguridad o riesgo")
        OTHER = "otro", _("Otro")

    number = models.CharField(_("número de orden"), max_length=30, unique=True)
    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT,
                             related_name="revision_orders", verbose_name=_("caso"))
    reason = models.CharField(_("motivo"), max_length=30, choices=Reason.choices)
    reason_detail = models.CharField(_("detalle del motivo"), max_length=300, blank=True)
    address = models.CharField(_("dirección"), max_length=200)
    zone = models.CharField(_("zona"), max_length=80, blank=True,
                            help_text=_("Barrio, sector o municipio para agrupar la programación."))
    account_number = models.CharField(_("cuenta (NIU)"), max_length=30, blank=True)
    meter_serial = models.CharField(_("serie del medidor"), max_length=40, blank=True)
    priority = models.PositiveSmallIntegerField(_("prioridad"), choices=Priority.choices,
                                                default=Priority.NORMAL)
    instructions = models.TextField(_("instrucciones"), blank=True)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices,
                              default=Status.PENDING, editable=False)
    # The brigadista currently assigned (intake scopes a brigadista's cases through it).
    brigadista = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="revision_orders",
                                   verbose_name=_("brigadista"))
    suspends_term = models.BooleanField(_("suspende el término por práctica de pruebas"),
                                        default=False, editable=False)
    term_adjustment = models.ForeignKey("compliance.TermAdjustment", on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    executed_at = models.DateTimeField(_("ejecutada el"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("orden de revisión")
        verbose_name_plural = _("órdenes de revisión")
        ordering = ["priority", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["pendiente", "programada", "ejecutada",
                                                           "anulada"]),
                                   name="revision_order_status_valid"),
        ]
        indexes = [
            # Used by the unscheduled list of the programming page.
            models.Index(fields=["status", "priority", "created_at"], name="order_status_prio_idx"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("field_visits:order-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.SCHEDULED)

    @property
    def map_query(self) -> str:
        """The address as a map search, with the case's municipality and department."""
        municipality = self.case.municipality
        parts = [self.address]
        if municipality is not None:
            parts += [municipality.name, municipality.department_name]
        elif self.zone:
            parts.append(self.zone)
        parts.append("Colombia")
        return ", ".join(p.strip() for p in parts if p and p.strip())


class Visit(models.Model):
    """One programmed attempt to carry out an order, with its window and outcome."""

    class Status(models.TextChoices):
        SCHEDULED = "programada", _("Programada")
        RESCHEDULED = "reprogramada", _("Reprogramada")
        EXECUTED = "ejecutada", _("Ejecutada")
        FAILED = "fallida", _("Fallida")
        CANCELLED = "anulada", _("Anulada")

    class FailureReason(models.TextChoices):
        NO_ACCESS = "sin_acceso", _("Sin acceso al predio o al medidor")
        NOBODY_HOME = "nadie_en_casa", _("No había nadie en el predio")
        REFUSED_ENTRY = "negaron_ingreso", _("El usuario no autorizó el ingreso")
        WRONG_ADDRESS = "direccion_errada", _("Dirección errada o inexistente")
        UNSAFE = "riesgo", _("Condiciones inseguras para trabajar")
        OTHER = "otro", _("Otro")

    order = models.ForeignKey(RevisionOrder, on_delete=models.PROTECT, related_name="visits")
    brigadista = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="field_visits", verbose_name=_("brigadista"))
    planned_date = models.DateField(_("fecha"))
    window_start = models.TimeField(_("desde"))
    window_end = models.TimeField(_("hasta"))
    sequence = models.PositiveSmallIntegerField(_("orden en la ruta"), default=0)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices,
                              default=Status.SCHEDULED, editable=False)
    note = models.CharField(_("nota de programación"), max_length=300, blank=True)
    # The QHSE self-care check: nothing in the field starts before it.
    safety_checked_at = models.DateTimeField(_("chequeo de seguridad"), null=True, blank=True,
                                             editable=False)
    safety_items = models.JSONField(default=list, blank=True, editable=False)
    failure_reason = models.CharField(_("motivo de la visita fallida"), max_length=20,
                                      choices=FailureReason.choices, blank=True, editable=False)
    failure_note = models.TextField(_("observación"), blank=True, editable=False)
    closed_at = models.DateTimeField(_("cerrada el"), null=True, blank=True, editable=False)
    replaced_by = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="replaces", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("visita")
        verbose_name_plural = _("visitas")
        ordering = ["planned_date", "sequence", "window_start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(window_end__gt=models.F("window_start")),
                                   name="visit_window_valid"),
            # An order has at most one live visit on the calendar.
            models.UniqueConstraint(fields=["order"], condition=Q(status="programada"),
                                    name="visit_one_scheduled_per_order"),
        ]
        indexes = [
            # Used by the calendar, the capacity check and the brigadista's day list.
            models.Index(fields=["brigadista", "planned_date", "status"],
                         name="visit_brig_day_idx"),
        ]

    def __str__(self):
        return f"{self.order.number} · {self.planned_date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("field_visits:visit-detail", args=[self.pk])

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED


class MeterType(models.TextChoices):
    """Kinds of meter an acta records (a code in the database, this label on pages and PDFs)."""

    ELECTROMECANICO_MONOFASICO = "electromecanico_monofasico", _("Electromecánico monofásico")
    ELECTRONICO_MONOFASICO = "electronico_monofasico", _("Electrónico monofásico")
    ELECTROMECANICO_BIFASICO = "electromecanico_bifasico", _("Electromecánico bifásico")
    ELECTRONICO_BIFASICO = "electronico_bifasico", _("Electrónico bifásico")
    ELECTRONICO_TRIFASICO = "electronico_trifasico", _("Electrónico trifásico")
    PREPAGO = "prepago", _("Prepago")
    OTRO = "otro", _("Otro")


class Acta(models.Model):
    """
    The acta de revisión (CREG 108 de 1997 art. 37): the visit's legal record.

    Immutable once saved: save() refuses updates, as caserecord.Event does. A
    correction is a new Acta whose `corrects` points at the original.
    """

    class Attendance(models.TextChoices):
        PRESENT = "presente", _("Atendió la visita")
        ABSENT = "ausente", _("Nadie atendió (usuario ausente)")
        REFUSED = "se_nego", _("Atendió pero se negó a firmar")

    class Anomaly(models.TextChoices):
        NONE = "ninguna", _("Sin anomalías")
        BYPASS = "puente", _("Puente o conexión directa")
        SEAL_BROKEN = "sello_roto", _("Sello roto, adulterado o ausente")
        METER_DAMAGED = "medidor_danado", _("Medidor dañado o frenado")
        METER_TAMPERED = "medidor_manipulado", _("Medidor manipulado")
        WRONG_WIRING = "conexion_errada", _("Conexión errada o invertida")
        DISPLAY_FAULT = "display", _("Display o registrador ilegible")
        ILLEGAL_CONNECTION = "conexion_ilegal", _("Conexión no autorizada")
        INTERNAL_LEAK = "fuga_interna", _("Fuga de corriente en la instalación interna")
        OTHER = "otra", _("Otra (ver descripción)")

    order = models.ForeignKey(RevisionOrder, on_delete=models.PROTECT, related_name="actas")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="actas")
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections", verbose_name=_("corrige el acta"))
    correction_reason = models.TextField(_("motivo de la corrección"), blank=True)
    number = models.CharField(_("número del acta"), max_length=40, unique=True)
    arrived_at = models.DateTimeField(_("hora de llegada"))
    departed_at = models.DateTimeField(_("hora de salida"))
    attendance = models.CharField(_("atención de la visita"), max_length=10,
                                  choices=Attendance.choices)
    attendant_name = models.CharField(_("nombre de quien atiende"), max_length=150, blank=True)
    attendant_id_number = models.CharField(_("documento de quien atiende"), max_length=20,
                                           blank=True)
    attendant_relation = models.CharField(_("relación con el predio"), max_length=60, blank=True)
    witness_name = models.CharField(_("nombre del testigo"), max_length=150, blank=True)
    witness_id_number = models.CharField(_("documento del testigo"), max_length=20, blank=True)
    meter_brand = models.CharField(_("marca del medidor"), max_length=60)
    meter_serial = models.CharField(_("serie del medidor"), max_length=40)
    meter_type = models.CharField(_("tipo de medidor"), max_length=40)
    reading_active = models.DecimalField(_("lectura activa (kWh)"), max_digits=12,
                                         decimal_places=2)
    reading_reactive = models.DecimalField(_("lectura reactiva (kVArh)"), max_digits=12,
                                           decimal_places=2, null=True, blank=True)
    # A removed meter is bagged and sealed before the user and tested in an
    # ONAC-accredited laboratory; the user is told when and where (domain §5).
    meter_removed = models.BooleanField(_("se retiró el medidor para laboratorio"), default=False)
    removal_bag_seal = models.CharField(_("sello de la bolsa del medidor retirado"), max_length=40,
                                        blank=True)
    lab_name = models.CharField(_("laboratorio acreditado (ONAC)"), max_length=150, blank=True)
    lab_test_when = models.CharField(_("fecha y lugar del ensayo informados al usuario"),
                                     max_length=200, blank=True)
    anomalies = models.JSONField(_("anomalías"), default=list, blank=True)
    anomalies_note = models.TextField(_("descripción de anomalías"), blank=True)
    tests_performed = models.TextField(_("pruebas realizadas y resultados"), blank=True)
    user_observations = models.TextField(_("observaciones del usuario"), blank=True)
    copy_delivered = models.BooleanField(_("se entregó copia del acta"), default=False)
    signature_attendant = models.FileField(_("firma de quien atiende o del testigo"),
                                           upload_to="actas/firmas/%Y/%m/")
    signature_brigadista = models.FileField(_("firma del brigadista"),
                                            upload_to="actas/firmas/%Y/%m/")
    # A signer without a finger or stylus (keyboard, screen reader) types their name and
    # the page draws it: the acta says so, as it is not a hand-drawn signature.
    signature_attendant_typed = models.BooleanField(
        _("quien atiende o el testigo firmó escribiendo su nombre"), default=False)
    signature_brigadista_typed = models.BooleanField(
        _("el brigadista firmó escribiendo su nombre"), default=False)
    brigadista = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("brigadista"))
    brigadista_id_number = models.CharField(_("documento del brigadista"), max_length=20,
                                            blank=True)
    pdf = models.ForeignKey("intake.Attachment", on_delete=models.PROTECT, null=True,
                            blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("enviada el"), default=timezone.now)

    class Meta:
        verbose_name = _("acta de revisión")
        verbose_name_plural = _("actas de revisión")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(departed_at__gte=models.F("arrived_at")),
                                   name="acta_departure_after_arrival"),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        # The one permitted update is linking the generated PDF, once.
        if not self._state.adding and (
            set(kwargs.get("update_fields") or ()) != {"pdf"}
            or Acta.objects.filter(pk=self.pk, pdf__isnull=False).exists()
        ):
            raise ValueError("A submitted acta is immutable; record a correction instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("field_visits:acta-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ValueError("A submitted acta cannot be deleted.")

    @property
    def seals_found(self):
        return [s for s in self.seals.all() if s.kind == Seal.Kind.FOUND]

    @property
    def seals_installed(self):
        return [s for s in self.seals.all() if s.kind == Seal.Kind.INSTALLED]

    def get_meter_type_display(self) -> str:
        """The meter type's label (pages and PDFs never show the code)."""
        return str(dict(MeterType.choices).get(self.meter_type, self.meter_type))

    def anomaly_labels(self) -> list[str]:
        labels = dict(self.Anomaly.choices)
        return [str(labels.get(code, code)) for code in self.anomalies]


class Seal(models.Model):
    """A seal found on, or installed at, the meter during the visit."""

    class Kind(models.TextChoices):
        FOUND = "encontrado", _("Encontrado")
        INSTALLED = "instalado", _("Instalado")

    class Condition(models.TextChoices):
        GOOD = "bueno", _("Bueno")
        BROKEN = "roto", _("Roto")
        TAMPERED = "adulterado", _("Adulterado")
        MISSING = "ausente", _("Ausente")
        NEW = "nuevo", _("Nuevo (instalado)")

    acta = models.ForeignKey(Acta, on_delete=models.PROTECT, related_name="seals")
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("número del sello"), max_length=40)
    location = models.CharField(_("ubicación"), max_length=60, blank=True)
    condition = models.CharField(_("estado"), max_length=12, choices=Condition.choices)

    class Meta:
        verbose_name = _("sello")
        verbose_name_plural = _("sellos")
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        # Part of a submitted acta: written once, with it.
        if not self._state.adding:
            raise ValueError("Seals of a submitted acta are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Seals of a submitted acta cannot be deleted.")


class ActaPhoto(models.Model):
    """A photo taken at the visit, resized on upload, with its time and place when known."""

    acta = models.ForeignKey(Acta, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("foto"), upload_to="actas/fotos/%Y/%m/")
    original_name = models.CharField(_("nombre original"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    taken_at = models.DateTimeField(_("tomada el"), null=True, blank=True)
    latitude = models.DecimalField(_("latitud"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitud"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("foto del acta")
        verbose_name_plural = _("fotos del acta")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        # Evidence: written once, with its acta.
        if not self._state.adding:
            raise ValueError("Photos of a submitted acta are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Photos of a submitted acta cannot be deleted.")

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None
