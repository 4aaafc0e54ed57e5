"""
Terms (clocks) of each case, their suspensions and extensions, the term
rules per kind of request, company closures, alerts and non-conformities.

Cases are referred to by the "intake.Case" string only: compliance imports
no other app's code.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TermRule(models.Model):
    """The term of one kind of request: data the coordinator edits, with its legal basis."""

    kind = models.CharField(_("tipo de solicitud"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=120)
    business_days = models.PositiveSmallIntegerField(
        _("días hábiles"), null=True, blank=True,
        help_text=_("Vacío cuando el término lo fija la orden (tutela, SSPD): se digita a mano."),
    )
    default_business_days = models.PositiveSmallIntegerField(
        _("días hábiles cuando la orden calla"), null=True, blank=True
    )
    legal_basis = models.CharField(_("fundamento legal"), max_length=200)
    sap_applies = models.BooleanField(
        _("aplica silencio administrativo positivo"), default=False,
        help_text=_("Ley 142 art. 158: la falta de respuesta oportuna equivale a decisión favorable."),
    )
    allows_extension = models.BooleanField(
        _("admite prórroga"), default=False,
        help_text=_("Ley 1755 art. 14 parágrafo: solo las peticiones de la Ley 1755 admiten "
                    "prórroga (hasta el doble del término). Los trámites de la Ley 142 no: su "
                    "única excepción al silencio positivo es la práctica de pruebas."),
    )
    max_extension_business_days = models.PositiveSmallIntegerField(
        _("prórroga máxima (días hábiles)"), null=True, blank=True,
        help_text=_("Vacío: hasta el término inicial (Ley 1755 art. 14 parágrafo). Habeas data: "
                    "5 días para consultas y 8 para reclamos (Ley 1581 arts. 14 y 15)."),
    )

    class Meta:
        verbose_name = _("término por tipo de solicitud")
        verbose_name_plural = _("términos por tipo de solicitud")
        ordering = ["kind"]

    def __str__(self):
        return self.name


class ExtraClosure(models.Model):
    """
    A day the company closes beyond legal holidays.

    It extends legal terms only when formally adopted; otherwise it is shown
    on the calendar and ignored by the term clock.
    """

    date = models.DateField(_("fecha"), unique=True)
    name = models.CharField(_("motivo"), max_length=120)
    formally_adopted = models.BooleanField(
        _("adoptado formalmente"), default=False,
        help_text=_("Solo un cierre adoptado formalmente suspende los términos legales."),
    )
    document_reference = models.CharField(_("acto que lo adopta"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("cierre de la empresa")
        verbose_name_plural = _("cierres de la empresa")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class Term(models.Model):
    """One legal clock of a case: its start, length, due instant, band and how it was met."""

    class Purpose(models.TextChoices):
        RESPUESTA = "respuesta", _("Término de respuesta")
        RECURSO = "recurso", _("Plazo para interponer recurso")
        SAP_RECONOCIMIENTO = "sap_reconocimiento", _("Reconocimiento del SAP (72 horas)")
        TRASLADO_SSPD = "traslado_sspd", _("Traslado de la apelación a la SSPD")
        TUTELA = "tutela", _("Término de la tutela")
        SOLICITUD_SSPD = "solicitud_sspd", _("Término de la solicitud SSPD")
        CITACION = "citacion", _("Citación para notificación personal")
        AVISO = "aviso", _("Notificación por aviso")
        CUMPLIMIENTO_FALLO = "cumplimiento_fallo", _("Cumplimiento del fallo de tutela")
        REQUERIMIENTO = "requerimiento", _("Requerimiento para completar (10 días)")
        COMPLETAR = "completar", _("Plazo del peticionario para completar (1 mes)")
        TRASLADO_COMPETENCIA = "traslado_competencia", _("Traslado por competencia (5 días)")

    class Unit(models.TextChoices):
        BUSINESS_DAYS = "business_days", _("días hábiles")
        CALENDAR_HOURS = "calendar_hours", _("horas calendario")
        CALENDAR_DAYS = "calendar_days", _("días calendario")
        FIXED = "fixed", _("fecha y hora fijadas")

    class Band(models.TextChoices):
        AL_DIA = "al_dia", _("Al día")
        POR_VENCER = "por_vencer", _("Por vencer")
        VENCE_HOY = "vence_hoy", _("Vence hoy")
        VENCIDO = "vencido", _("Vencido")
        CUMPLIDO = "cumplido", _("Cumplido")

    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT, related_name="terms")
    purpose = models.CharField(_("término"), max_length=30, choices=Purpose.choices)
    legal_basis = models.CharField(_("fundamento legal"), max_length=200, blank=True)
    unit = models.CharField(_("unidad"), max_length=20, choices=Unit.choices)
    length = models.PositiveIntegerField(_("duración"), null=True, blank=True)
    started_at = models.DateTimeField(_("inicio"))
    starts_on = models.DateField(_("día desde el que se cuenta"), help_text=_("No se cuenta."))
    due_date = models.DateField(_("vence el"), help_text=_("Fecha de Bogotá."))
    due_at = models.DateTimeField(_("vence en el instante"))
    band = models.CharField(_("estado del término"), max_length=12, choices=Band.choices,
                            default=Band.AL_DIA, editable=False)
    met_at = models.DateTimeField(_("cumplido el"), null=True, blank=True, editable=False)
    met_how = models.CharField(_("cómo se cumplió"), max_length=200, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelado el"), null=True, blank=True, editable=False)
    sap_risk_at = models.DateTimeField(_("riesgo SAP desde"), null=True, blank=True, editable=False)
    # Set while a suspension is open: the clock is stopped and the sweep leaves the band alone.
    suspended_since = models.DateField(_("suspendido desde"), null=True, blank=True, editable=False)
    # Set once by the sweep when it handles the expiry (SAP risk, non-conformity, events).
    expired_at = models.DateTimeField(_("vencido el"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("término")
        verbose_name_plural = _("términos")
        ordering = ["due_at", "pk"]
        indexes = [
            # Used by the sweep (set-based band updates) and the deadline dashboard.
            models.Index(fields=["due_date", "band"], name="term_open_due_idx",
                         condition=Q(met_at__isnull=True, cancelled_at__isnull=True)),
            models.Index(fields=["case", "purpose"], name="term_case_purpose_idx"),
            # The sweep's band UPDATEs: "rows in these other bands whose due date is in range".
            models.Index(fields=["band", "due_date"], name="term_open_band_due_idx",
                         condition=Q(met_at__isnull=True, cancelled_at__isnull=True)),
            # The expiry step finds the terms it has just marked (small: expired ones only).
            models.Index(fields=["expired_at"], name="term_expired_idx",
                         condition=Q(expired_at__isnull=False)),
            # The landing pages' "por vencer" and "asignados a mí" lists: open terms in the
            # exact order they show (due date, instant, term), walked ten rows at a time
            # (0.1 ms; sorting each due date's group of the index above drew a parallel
            # plan of 8-12 ms, far worse under load).
            models.Index(fields=["due_date", "due_at", "id"], name="term_open_due_at_idx",
                         condition=Q(met_at__isnull=True, cancelled_at__isnull=True)),
            # The answer-timing indicators of a period (reports): met answer terms by the
            # instant they were met.
            models.Index(fields=["met_at"], name="term_answer_met_idx",
                         condition=Q(purpose="respuesta", met_at__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(band__in=["al_dia", "por_vencer", "vence_hoy",
                                                         "vencido", "cumplido"]),
                                   name="term_band_valid"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.cancelled_at is None

    @property
    def admits_adjustments(self) -> bool:
        """Only an open response term counted in business days is suspended or extended."""
        return (self.is_open and self.purpose == self.Purpose.RESPUESTA
                and self.unit == self.Unit.BUSINESS_DAYS)


class TermAdjustment(models.Model):
    """A suspension or extension of a term, with cause, dates, author and document."""

    class Cause(models.TextChoices):
        PRUEBAS = "pruebas", _("Práctica de pruebas (Ley 142)")
        INCOMPLETA = "incompleta", _("Solicitud incompleta (Ley 1755 art. 17)")
        PRORROGA = "prorroga", _("Prórroga (Ley 1755 art. 14 parágrafo)")
        # The petitioner's extension of the month to complete (Ley 1755 art. 17): on the
        # COMPLETAR term, closed (ends_on = the new due date), never a suspension.
        PRORROGA_COMPLETAR = "prorroga_completar", _(
            "Prórroga del peticionario para completar (Ley 1755 art. 17)")
        # "traslado" (Ley 1755 art. 21) is not a suspension: it ends the company's
        # competence (a final act of intake/responses), so it is no cause here.

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="adjustments")
    cause = models.CharField(_("causa"), max_length=20, choices=Cause.choices)
    starts_on = models.DateField(_("desde"))
    ends_on = models.DateField(_("hasta"), null=True, blank=True)
    extra_days = models.PositiveSmallIntegerField(_("días hábiles adicionales"), default=0)
    document = models.FileField(_("documento soporte"), upload_to="terms/%Y/%m/", blank=True)
    document_reference = models.CharField(_("referencia del documento"), max_length=200, blank=True)
    # The letter that communicates a prórroga or a práctica de pruebas: issued
    # (outgoing radicado in document_reference) before the term ran out, and
    # communicated_to_user_at set only when its dispatch is recorded (the mail
    # server accepted the e-mail, or the postal dispatch was registered).
    letter_issued_at = models.DateTimeField(_("comunicación emitida el"), null=True, blank=True)
    communicated_to_user_at = models.DateTimeField(_("comunicado al usuario el"), null=True, blank=True)
    # A suspension lasts at most PQR_SUSPENSION_MAX_BUSINESS_DAYS[cause]: the sweep ends it on
    # max_ends_on and alerts from remind_on (PQR_SUSPENSION_REMINDER_DAYS before).
    max_ends_on = models.DateField(_("máximo hasta"), null=True, blank=True)
    remind_on = models.DateField(_("recordar desde"), null=True, blank=True)
    note = models.TextField(_("motivo"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("suspensión o prórroga")
        verbose_name_plural = _("suspensiones y prórrogas")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_cause_display()} {self.starts_on}"

    @property
    def is_extension(self) -> bool:
        return self.cause == self.Cause.PRORROGA


class NonConformity(models.Model):
    """
    A deviation treated under the Act step of CPAI-001 (late answers, QHSE failures,
    audits, complaints): analysed, corrected, verified and closed by the coordinator.

    Every column added after the first version has a database default (or is
    nullable): compliance.sweep inserts late non-conformities with raw SQL that
    names only the original columns.
    """

    class Kind(models.TextChoices):
        DESVIACION_TIEMPO = "desviacion_tiempo", _("Desviación del tiempo de respuesta")
        QHSE = "qhse", _("Falla QHSE crítica o repetitiva")
        PROCEDIMIENTO = "procedimiento", _("Procedimiento no aplicado")
        REPETITIVA = "repetitiva", _("Falla repetitiva")

    class Origin(models.TextChoices):
        RESPUESTA_TARDIA = "respuesta_tardia", _("Respuesta tardía")
        SAP = "sap", _("Silencio administrativo positivo")
        INSPECCION_QHSE = "inspeccion_qhse", _("Inspección QHSE")
        AUDITORIA = "auditoria", _("Auditoría interna")
        QUEJA = "queja", _("Queja del usuario")
        REPETICION = "repeticion", _("Regla de repetición")
        OTRO = "otro", _("Otro")

    class Severity(models.TextChoices):
        MENOR = "menor", _("Menor")
        MAYOR = "mayor", _("Mayor")
        CRITICA = "critica", _("Crítica")

    class Status(models.TextChoices):
        ABIERTA = "abierta", _("Abierta")
        EN_TRATAMIENTO = "en_tratamiento", _("En tratamiento")
        EN_VERIFICACION = "en_verificacion", _("En verificación de eficacia")
        CERRADA = "cerrada", _("Cerrada")
        ANULADA = "anulada", _("Anulada")

    class Method(models.TextChoices):
        CINCO_PORQUES = "cinco_porques", _("Cinco porqués")
        TEXTO_LIBRE = "texto_libre", _("Texto libre")

    class Result(models.TextChoices):
        EFICAZ = "eficaz", _("Eficaz")
        NO_EFICAZ = "no_eficaz", _("No eficaz")

    kind = models.CharField(_("tipo"), max_length=30, choices=Kind.choices)
    origin = models.CharField(_("origen"), max_length=30, choices=Origin.choices,
                              default=Origin.RESPUESTA_TARDIA, db_default=Origin.RESPUESTA_TARDIA)
    severity = models.CharField(_("severidad"), max_length=10, choices=Severity.choices,
                                default=Severity.MAYOR, db_default=Severity.MAYOR)
    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="nonconformities")
    visit = models.ForeignKey("field_visits.Visit", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="nonconformities")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="nonconformities_about",
                               verbose_name=_("persona involucrada"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="nonconformities")
    # Besides the case, visit and person it was opened about (above, kept as its origin), the
    # others concerned, linked and unlinked on the NC page (services.nonconformity_link).
    cases = models.ManyToManyField("intake.Case", blank=True, related_name="nonconformities_also",
                                   verbose_name=_("otros casos involucrados"))
    visits = models.ManyToManyField("field_visits.Visit", blank=True,
                                    related_name="nonconformities_also",
                                    verbose_name=_("otras visitas involucradas"))
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                    related_name="nonconformities_also",
                                    verbose_name=_("otras personas involucradas"))
    description = models.TextField(_("descripción"))
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices,
                              default=Status.ABIERTA)
    detected_at = models.DateTimeField(_("detectada el"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="nonconformities_owned",
                                    verbose_name=_("responsable"))
    due_date = models.DateField(_("fecha límite de tratamiento"), null=True, blank=True)
    # Root-cause analysis: five whys (a list of answers) or free text; the cause found.
    analysis_method = models.CharField(_("método de análisis"), max_length=20, blank=True,
                                       choices=Method.choices, default="", db_default="")
    whys = models.JSONField(_("porqués"), default=list, null=True, blank=True)
    root_cause = models.TextField(_("causa raíz"), blank=True, default="", db_default="")
    # Verification of effectiveness.
    verified_on = models.DateField(_("eficacia verificada el"), null=True, blank=True)
    verification_result = models.CharField(_("resultado de la verificación"), max_length=12,
                                           blank=True, choices=Result.choices, default="",
                                           db_default="")
    verification_note = models.TextField(_("observaciones de la verificación"), blank=True,
                                         default="", db_default="")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(_("cerrada el"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    # A failed critical item of an inspection opens one non-conformity (compliance.services.qhse).
    inspection_answer = models.OneToOneField(
        "compliance.InspectionAnswer", on_delete=models.PROTECT, null=True, blank=True,
        related_name="nonconformity")
    # The repetition rule that raised it ("causal:127", "persona:5", "item:epp:2") and
    # the first day of its period: one per rule, subject and period.
    repetition_key = models.CharField(max_length=80, blank=True, default="", db_default="",
                                      editable=False)
    period_start = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("no conformidad")
        verbose_name_plural = _("no conformidades")
        ordering = ["-detected_at", "-pk"]
        constraints = [
            # A late term produces its non-conformity exactly once, however often the sweep runs.
            models.UniqueConstraint(fields=["term", "kind"], name="nc_once_per_term_kind",
                                    condition=Q(term__isnull=False)),
            models.UniqueConstraint(fields=["repetition_key", "period_start"],
                                    name="nc_repetition_once_per_period",
                                    condition=~Q(repetition_key="")),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="nc_status_due_idx"),
        ]

    def __str__(self):
        return f"NC-{self.pk} · {self.get_kind_display()}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("compliance:nc-detail", args=[self.pk])

    @property
    def code(self) -> str:
        return f"NC-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CERRADA, self.Status.ANULADA)


class Alert(models.Model):
    """An in-app alert to a person about a term: entering a band, or an event on its way."""

    class Reason(models.TextChoices):
        BAND = "band", _("Término por vencer")
        SUSPENSION_ENDING = "suspension_ending", _("La suspensión está por terminar")
        VISIT_FAILED = "visit_failed", _("Visita fallida durante la suspensión")
        NOTICE_FAILED = "notice_failed", _("Comunicación electrónica no entregada")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="term_alerts")
    # No single-column indexes on case and term: the alert_once unique index leads with
    # term, and the sweep inserts up to a hundred thousand alerts at once (fewer indexes
    # to write). Nothing looks alerts up by case.
    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT, related_name="alerts",
                             db_index=False)
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="alerts",
                             db_index=False)
    band = models.CharField(max_length=12, choices=Term.Band.choices)
    reason = models.CharField(_("motivo"), max_length=20, choices=Reason.choices,
                              default=Reason.BAND, db_default=Reason.BAND)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("alerta")
        verbose_name_plural = _("alertas")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["term", "band", "recipient", "reason"],
                                    name="alert_once"),
        ]
        indexes = [
            # The digest finds the people with alerts not yet mailed, however many alerts exist.
            models.Index(fields=["recipient"], name="alert_pending_digest_idx",
                         condition=Q(emailed_on__isnull=True)),
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.band} {self.term_id}"


# The records of the quality system (corrective actions, retraining, QHSE inspections,
# requests to the support processes, the service plan) live in their own modules.
from compliance.models_plan import *  # noqa: E402,F403
from compliance.models_quality import *  # noqa: E402,F403
