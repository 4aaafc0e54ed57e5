"""
Written answers: templates, drafts and their versions, the review trail,
issued letters (immutable), notifications (CPACA), recursos, the traslado of
the apelación to the SSPD, tutelas and SAP recognitions.

Only responses.services writes these rows.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_code(length: int = 16) -> str:
    # No look-alike characters: the code is typed by hand from a printed letter.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_token() -> str:
    return secrets.token_urlsafe(32)


from responses.choices import SUI_TIPO_RESPUESTA, AnswerKind  # noqa: E402  (re-exported)


class Purpose(models.TextChoices):
    RESPUESTA = "respuesta", _("Respuesta de fondo")
    RECONOCIMIENTO_SAP = "reconocimiento_sap", _("Reconocimiento del silencio positivo")
    RESPUESTA_TUTELA = "respuesta_tutela", _("Contestación de tutela")
    REQUERIMIENTO = "requerimiento", _("Requerimiento para completar (Ley 1755 art. 17)")
    DESISTIMIENTO_TACITO = "desistimiento_tacito", _("Acto de desistimiento tácito")
    DESISTIMIENTO_EXPRESO = "desistimiento_expreso", _("Archivo por desistimiento expreso")
    TRASLADO = "traslado", _("Traslado por competencia (Ley 1755 art. 21)")
    COMUNICACION_TRASLADO = "comunicacion_traslado", _("Comunicación del traslado al peticionario")


class ResponseTemplate(models.Model):
    """
    A letter model for a kind of request, causal and kind of answer.

    `body` is HTML with merge fields written {{radicado}}; the merge is done by
    responses.templating (never by the Django template engine).
    """

    name = models.CharField(_("nombre"), max_length=150)
    purpose = models.CharField(_("uso"), max_length=30, choices=Purpose.choices,
                               default=Purpose.RESPUESTA)
    case_kind = models.CharField(_("tipo de solicitud"), max_length=40, blank=True,
                                 help_text=_("Vacío: sirve para cualquier tipo."))
    causal = models.ForeignKey("intake.Causal", on_delete=models.PROTECT, null=True, blank=True,
                               verbose_name=_("causal"), help_text=_("Vacío: cualquier causal."))
    answer_kind = models.CharField(_("tipo de respuesta"), max_length=30,
                                   choices=AnswerKind.choices, blank=True)
    body = models.TextField(_("cuerpo"), help_text=_("HTML con campos {{radicado}}, {{nombre}}…"))
    decision = models.TextField(_("decisión"), blank=True)
    admits_recursos = models.BooleanField(_("admite recursos"), default=True)
    active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("plantilla de respuesta")
        verbose_name_plural = _("plantillas de respuesta")
        ordering = ["purpose", "case_kind", "name"]

    def __str__(self):
        return self.name


class Response(models.Model):
    """One act (answer) of a case, from draft to issued letter."""

    class Status(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        EN_REVISION = "en_revision", _("En revisión")
        DEVUELTA = "devuelta", _("Devuelta con observaciones")
        APROBADA = "aprobada", _("Aprobada")
        EMITIDA = "emitida", _("Emitida")
        DESCARTADA = "descartada", _("Descartada")

    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT, related_name="responses")
    purpose = models.CharField(_("uso"), max_length=30, choices=Purpose.choices,
                               default=Purpose.RESPUESTA)
    template = models.ForeignKey(ResponseTemplate, on_delete=models.PROTECT, null=True,
                                 blank=True, verbose_name=_("plantilla"))
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices,
                              default=Status.BORRADOR, editable=False)
    answer_kind = models.CharField(_("tipo de respuesta"), max_length=30,
                                   choices=AnswerKind.choices, blank=True)
    body_html = models.TextField(_("cuerpo"), blank=True)
    decision = models.TextField(_("decisión"), blank=True)
    admits_recursos = models.BooleanField(_("admite recursos"), default=True)
    recursos_text = models.TextField(_("párrafo de recursos"), blank=True)
    payment_reminder = models.TextField(_("recordatorio de pago (art. 155)"), blank=True)
    evidence = models.ManyToManyField("intake.Attachment", blank=True, related_name="+",
                                      verbose_name=_("pruebas anexas"))
    version = models.PositiveIntegerField(_("versión"), default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+", editable=False)
    approved_at = models.DateTimeField(_("aprobada el"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="response_status_idx")]

    def __str__(self):
        return f"{self.case} · {self.get_status_display()}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.BORRADOR, self.Status.DEVUELTA)

    @property
    def last_review(self):
        """Return the latest review action (uses prefetched reviews when present)."""
        reviews = list(self.reviews.all())
        return reviews[-1] if reviews else None


class ResponseVersion(models.Model):
    """A saved state of a draft; append-only (the history of versions)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versión"))
    answer_kind = models.CharField(max_length=30, blank=True)
    body_html = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    admits_recursos = models.BooleanField(default=True)
    recursos_text = models.TextField(blank=True)
    payment_reminder = models.TextField(blank=True)
    evidence_ids = models.JSONField(default=list)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("versión de la respuesta")
        verbose_name_plural = _("versiones de la respuesta")
        ordering = ["response", "number"]
        constraints = [models.UniqueConstraint(fields=["response", "number"],
                                               name="response_version_unique")]

    def __str__(self):
        return f"{self.response_id} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("ResponseVersion rows are append-only.")
        super().save(*args, **kwargs)


class ReviewAction(models.Model):
    """Sent for review, returned with comments, or approved: the review trail."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Enviada a revisión")
        RETURNED = "returned", _("Devuelta con observaciones")
        APPROVED = "approved", _("Aprobada")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(max_length=20, choices=Action.choices)
    version = models.PositiveIntegerField()
    comment = models.TextField(_("observaciones"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.response_id} {self.action}"


class IssuedLetter(models.Model):
    """
    The issued act: outgoing radicado, the PDF and its hash. Never changes;
    a correction is a new act.
    """

    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="letter")
    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT, related_name="letters")
    outgoing_radicado = models.CharField(_("radicado de salida"), max_length=30, unique=True)
    issued_at = models.DateTimeField(_("emitida el"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, related_name="+")
    answer_kind = models.CharField(_("tipo de respuesta"), max_length=30,
                                   choices=AnswerKind.choices, blank=True)
    admits_recursos = models.BooleanField(default=True)
    addressee = models.CharField(_("destinatario"), max_length=200)
    attachment = models.OneToOneField("intake.Attachment", on_delete=models.PROTECT,
                                      related_name="+")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    verification_code = models.CharField(_("código de verificación"), max_length=20,
                                         unique=True, default=new_code)

    class Meta:
        verbose_name = _("carta emitida")
        verbose_name_plural = _("cartas emitidas")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.outgoing_radicado

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An issued letter never changes; a correction is a new act.")
        super().save(*args, **kwargs)


class Notification(models.Model):
    """The notification of one issued letter, with every step and its instant."""

    class Channel(models.TextChoices):
        ELECTRONICA = "electronica", _("Electrónica")
        PERSONAL = "personal", _("Personal (citación)")
        PUBLICACION = "publicacion", _("Publicación (dirección desconocida)")

    class Method(models.TextChoices):
        """How the notification was completed (SUI: 1 personal, 4 aviso, 5 conducta)."""

        ELECTRONICA = "electronica", _("Electrónica")
        PERSONAL = "personal", _("Personal")
        AVISO = "aviso", _("Por aviso")
        PUBLICACION = "publicacion", _("Por publicación")
        CONDUCTA_CONCLUYENTE = "conducta_concluyente", _("Conducta concluyente")

    letter = models.OneToOneField(IssuedLetter, on_delete=models.PROTECT,
                                  related_name="notification")
    channel = models.CharField(_("medio"), max_length=20, choices=Channel.choices)
    # Electronic
    email_to = models.EmailField(_("correo"), blank=True)
    email_id = models.PositiveBigIntegerField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    email_sent_at = models.DateTimeField(_("correo enviado el"), null=True, blank=True)
    opened_at = models.DateTimeField(_("abierto por el usuario el"), null=True, blank=True)
    opened_from = models.CharField(_("desde"), max_length=100, blank=True)
    # Personal
    citation_due_date = models.DateField(_("citación a más tardar"), null=True, blank=True)
    citation_sent_at = models.DateTimeField(_("citación enviada el"), null=True, blank=True)
    appearance_due_date = models.DateField(_("comparecencia a más tardar"), null=True,
                                           blank=True)
    appeared_at = models.DateTimeField(_("compareció el"), null=True, blank=True)
    received_by_name = models.CharField(_("recibió"), max_length=150, blank=True)
    received_by_id = models.CharField(_("documento de quien recibió"), max_length=30,
                                      blank=True)
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    # Aviso
    aviso_sent_at = models.DateTimeField(_("aviso enviado el"), null=True, blank=True)
    aviso_delivered_at = models.DateTimeField(_("aviso entregado el"), null=True, blank=True)
    # Publication
    published_from = models.DateField(_("publicado desde"), null=True, blank=True)
    published_until = models.DateField(_("publicado hasta"), null=True, blank=True)
    # Outcome
    dispatched_at = models.DateTimeField(_("despachada el"), null=True, blank=True)
    # Aviso and publication notify at a later instant fixed by law; the sweep completes them.
    completes_at = models.DateTimeField(_("se surte el"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notificada el"), null=True, blank=True)
    method = models.CharField(_("forma de notificación"), max_length=30,
                              choices=Method.choices, blank=True)
    sap_risk = models.BooleanField(_("riesgo SAP por notificación"), default=False)
    sap_risk_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.letter} · {self.get_channel_display()}"

    @property
    def citation_awaits_guide(self) -> bool:
        """The citation letter is issued, its courier's guide not yet recorded."""
        return self.citation_sent_at is None and any(
            c.purpose == "citacion" and c.dispatched_at is None
            for c in self.communications.all())

    @property
    def completed(self) -> bool:
        return self.notified_at is not None


class Recurso(models.Model):
    """A recurso filed against an issued decision: a new linked case."""

    case = models.OneToOneField("intake.Case", on_delete=models.PROTECT,
                                related_name="recurso_record")
    decision_letter = models.ForeignKey(IssuedLetter, on_delete=models.PROTECT,
                                        related_name="recursos")
    kind = models.CharField(_("tipo de recurso"), max_length=40)
    filed_at = models.DateTimeField(_("interpuesto el"))
    via_public = models.BooleanField(_("por el portal ciudadano"), default=False)
    window_end = models.DateField(_("plazo para recurrir"), null=True, blank=True)
    in_window = models.BooleanField(_("dentro del término"))
    rejection_reason = models.TextField(_("motivo de rechazo"), blank=True)
    paid_undisputed = models.BooleanField(_("pagó los valores no reclamados"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("recurso")
        verbose_name_plural = _("recursos")
        ordering = ["-filed_at"]

    def __str__(self):
        return str(self.case)

    @property
    def asks_apelacion(self) -> bool:
        return self.kind == "recurso_reposicion_apelacion"


# The acts after the answer live in their own module (size); imported here so
# `from responses.models import SspdRemission` and Django's model loading see them.
from responses.models_acts import (  # noqa: E402
    Communication,
    ExpedienteState,
    SapRecognition,
    SspdRemission,
    TutelaRecord,
)

__all__ = ["SUI_TIPO_RESPUESTA", "AnswerKind", "Communication", "ExpedienteState", "IssuedLetter", "Notification",
           "Purpose", "Recurso", "Response", "ResponseTemplate", "ResponseVersion",
           "ReviewAction", "SapRecognition", "SspdRemission", "TutelaRecord", "new_code",
           "new_token"]
