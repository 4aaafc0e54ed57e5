"""
The acts after the answer: the traslado of the apelación to the SSPD, tutelas,
SAP recognitions and the communications of the legal terms (kept apart from
responses.models, which imports them back so Django and callers see one module).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses.choices import AnswerKind


class ExpedienteState(models.TextChoices):
    """Where the background assembly of an SSPD expediente stands ("" = never asked)."""

    EN_ESPERA = "en_espera", _("En espera")
    EN_CURSO = "en_curso", _("En preparación")
    LISTO = "listo", _("Listo")
    FALLIDO = "fallido", _("Falló")


class SspdRemission(models.Model):
    """The traslado of the apelación to the SSPD (Ley 142 art. 159)."""

    recurso = models.OneToOneField("responses.Recurso", on_delete=models.PROTECT, related_name="remission")
    term = models.ForeignKey("compliance.Term", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    expediente = models.ForeignKey("intake.Attachment", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    expediente_index = models.JSONField(default=list, blank=True)
    # The expediente is assembled by a Celery task (responses.services.sspd): it reads the
    # PDFs citizens uploaded, which may be malformed or hostile, so never in a web request.
    expediente_state = models.CharField(_("estado del expediente"), max_length=12,
                                        choices=ExpedienteState.choices, blank=True)
    expediente_error = models.TextField(_("error al generar el expediente"), blank=True)
    expediente_requested_at = models.DateTimeField(null=True, blank=True)
    expediente_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                on_delete=models.PROTECT, related_name="+")
    expediente_attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("enviado a la SSPD el"), null=True, blank=True)
    sspd_radicado = models.CharField(_("radicado SSPD"), max_length=60, blank=True)
    sspd_decision = models.CharField(_("decisión de la SSPD"), max_length=30,
                                     choices=AnswerKind.choices, blank=True)
    sspd_decision_text = models.TextField(_("resumen de la decisión"), blank=True)
    sspd_decided_at = models.DateField(_("decidido el"), null=True, blank=True)
    complied_at = models.DateTimeField(_("cumplido el"), null=True, blank=True)
    compliance_note = models.TextField(_("cumplimiento"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("traslado a la SSPD")
        verbose_name_plural = _("traslados a la SSPD")
        ordering = ["-created_at"]

    def __str__(self):
        return f"SSPD · {self.recurso}"


class TutelaRecord(models.Model):
    """A tutela: the judge's order, the answer filed, the ruling and its compliance term."""

    class TermUnit(models.TextChoices):
        """How a ruling states its term (compliance.terms.RULING_TERM_UNITS)."""

        HOURS = "hours", _("horas")
        BUSINESS_DAYS = "business_days", _("días hábiles")
        CALENDAR_DAYS = "calendar_days", _("días calendario")

    class Ruling(models.TextChoices):
        CONCEDE = "concede", _("Concede la tutela")
        NIEGA = "niega", _("Niega la tutela")
        IMPROCEDENTE = "improcedente", _("Improcedente")
        HECHO_SUPERADO = "hecho_superado", _("Hecho superado")

    case = models.OneToOneField("intake.Case", on_delete=models.PROTECT,
                                related_name="tutela_record")
    court = models.CharField(_("juzgado"), max_length=200)
    order_summary = models.TextField(_("orden del juez"))
    deadline_at = models.DateTimeField(_("plazo de la orden"))
    answer_filed_at = models.DateTimeField(_("contestación radicada el"), null=True, blank=True)
    ruling = models.CharField(_("fallo"), max_length=20, choices=Ruling.choices, blank=True)
    ruling_summary = models.TextField(_("resumen del fallo"), blank=True)
    ruling_notified_at = models.DateTimeField(_("fallo notificado el"), null=True, blank=True)
    compliance_term = models.ForeignKey("compliance.Term", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+")
    complied_at = models.DateTimeField(_("cumplido el"), null=True, blank=True)
    compliance_note = models.TextField(_("cumplimiento"), blank=True)

    class Meta:
        verbose_name = _("tutela")
        verbose_name_plural = _("tutelas")

    def __str__(self):
        return f"{self.case} · {self.court}"


class SapRecognition(models.Model):
    """The 72-hour recognition of a silencio administrativo positivo, and its outcome."""

    class Outcome(models.TextChoices):
        RECONOCIDO = "reconocido", _("Reconocido (efectos del SAP aplicados)")
        NO_PROCEDE = "no_procede", _("No procede (causa documentada)")

    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT,
                             related_name="sap_recognitions")
    term = models.ForeignKey("compliance.Term", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    opened_at = models.DateTimeField(_("abierto el"))
    response = models.ForeignKey("responses.Response", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    outcome = models.CharField(_("resultado"), max_length=20, choices=Outcome.choices,
                               blank=True)
    outcome_note = models.TextField(_("detalle"), blank=True)
    outcome_at = models.DateTimeField(_("registrado el"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("reconocimiento de SAP")
        verbose_name_plural = _("reconocimientos de SAP")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(outcome=""),
                                    name="sap_one_open_per_case"),
        ]

    def __str__(self):
        return f"SAP · {self.case}"


class Communication(models.Model):
    """
    A letter to the petitioner that is not a decision: the prórroga of a term,
    the práctica de pruebas that suspends it, the citation for personal
    notification and the aviso (with the copy of the act). Outgoing radicado
    and PDF on the case; it counts as communicated only when its dispatch is
    recorded (the mail server accepted the e-mail, or the postal dispatch or
    publication was registered), never when it is typed or queued.
    """

    class Purpose(models.TextChoices):
        PRORROGA = "prorroga", _("Prórroga del término")
        PRUEBAS = "pruebas", _("Práctica de pruebas")
        CITACION = "citacion", _("Citación para notificación personal")
        AVISO = "aviso", _("Aviso de notificación")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Correo electrónico")
        POSTAL = "postal", _("Correo postal o entrega en la dirección")
        PUBLICACION = "publicacion", _("Publicación en la página web y en la oficina")

    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT,
                             related_name="communications")
    purpose = models.CharField(_("asunto"), max_length=20, choices=Purpose.choices)
    outgoing_radicado = models.CharField(_("radicado de salida"), max_length=30, unique=True)
    issued_at = models.DateTimeField(_("emitida el"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, related_name="+")
    addressee = models.CharField(_("destinatario"), max_length=200)
    attachment = models.OneToOneField("intake.Attachment", on_delete=models.PROTECT,
                                      related_name="+")
    channel = models.CharField(_("medio"), max_length=20, choices=Channel.choices)
    email_id = models.PositiveBigIntegerField(null=True, blank=True)
    dispatched_at = models.DateTimeField(_("despachada el"), null=True, blank=True)
    dispatch_reference = models.CharField(_("guía o constancia de envío"), max_length=120,
                                          blank=True)
    failed_at = models.DateTimeField(_("falló el envío el"), null=True, blank=True)
    term_adjustment = models.ForeignKey("compliance.TermAdjustment", on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+")
    notification = models.ForeignKey("responses.Notification", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="communications")
    published_from = models.DateField(_("publicado desde"), null=True, blank=True)
    published_until = models.DateField(_("publicado hasta"), null=True, blank=True)

    class Meta:
        verbose_name = _("comunicación")
        verbose_name_plural = _("comunicaciones")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["purpose", "published_until"],
                                name="communication_published_idx",
                                condition=Q(published_until__isnull=False))]

    def __str__(self):
        return f"{self.outgoing_radicado} · {self.get_purpose_display()}"
