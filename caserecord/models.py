"""
The record of legal value under every domain app: the append-only event log
(of cases and of other records: non-conformities, plans, term rules,
closures), the e-mail outbox and the document-number counters.

Cases are referred to by the "intake.Case" string only: this app imports no
domain app, so every app may write here.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """
    One fact of the record: who did what, when, with which data.

    Services write these rows in the transaction of the change they describe;
    nothing updates or deletes them. `case` is set for the case timeline;
    `record_type`/`record_id` name any other record (e.g.
    "compliance.nonconformity", 7). The text shown is rendered at display time
    from the kind's registry entry (caserecord.kinds), in the reader's
    language; `note` keeps only what a person typed (a reason, a comment).
    """

    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="events")
    record_type = models.CharField(_("registro"), max_length=60, blank=True)
    record_id = models.BigIntegerField(_("id del registro"), null=True, blank=True)
    kind = models.CharField(_("evento"), max_length=60)
    # Null actor means the citizen (public pages) or the system (Celery beat).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    note = models.TextField(_("nota"), blank=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    public = models.BooleanField(_("visible para el ciudadano"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="event_case_idx"),
            models.Index(fields=["record_type", "record_id", "created_at"],
                         name="event_record_idx", condition=~Q(record_type="")),
        ]

    def __str__(self):
        return f"{self.case_id or self.record_type} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Event rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Event rows are append-only.")

    @property
    def label(self) -> str:
        from caserecord.kinds import kind_label

        return kind_label(self.kind)

    @property
    def summary(self) -> str:
        """The sentence shown on timelines, rendered now in the active language."""
        from caserecord.kinds import event_summary

        return event_summary(self)


class DocumentCounter(models.Model):
    """
    The last number given in a series and year (radicados de entrada y salida,
    acuerdos, turnos).

    Incremented with one UPDATE ... RETURNING in the same transaction as the
    document that takes the number, so numbers are consecutive, gap-free and unique.
    """

    series = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="document_counter_unique"),
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last_number}"


class OutgoingEmail(models.Model):
    """
    The outbox: every e-mail is saved here first, in the transaction of the
    change that causes it, and sent after commit. A broker or mail server
    that is down leaves the row pending; the beat retry sends it later.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        SENT = "sent", _("Enviado")
        FAILED = "failed", _("Fallido (se reintenta)")

    to = models.JSONField(default=list)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    # [{"name": ..., "path": <storage name>, "mimetype": ...}]
    attachments = models.JSONField(default=list, blank=True)
    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="emails")
    purpose = models.CharField(max_length=60, blank=True)
    # Makes "one digest per person per day" a database guarantee.
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("correo saliente")
        verbose_name_plural = _("correos salientes")
        ordering = ["-created_at"]
        indexes = [
            # Used by the retry sweep.
            models.Index(fields=["created_at"], name="outbox_pending_idx",
                         condition=~Q(status="sent")),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"


class DataAccess(models.Model):
    """
    One read of personal data that left the portal as a file: a download of
    an attachment, a letter, an acta or a receipt, or an export of a list.

    Written by caserecord.services.data_access_record before (or, for a
    streamed export, as) the bytes go out; append-only like Event, in Python
    and, on PostgreSQL, by the same statement trigger (migration 0003).
    `source` is the URL name of the view that served the file (a stable code,
    labelled at display time); a null actor is a citizen on the public pages.
    """

    class Kind(models.TextChoices):
        ATTACHMENT = "anexo", _("Anexo de un caso")
        RECEIPT = "constancia", _("Constancia de radicación")
        AGREEMENT = "acuerdo", _("Acuerdo de pago")
        LETTER = "carta", _("Carta, citación o aviso")
        DOSSIER = "expediente", _("Expediente para la SSPD")
        ARCHIVE_FILE = "expediente_archivo", _("Expediente foliado del archivo")
        ACTA = "acta", _("Acta de visita")
        PHOTO = "foto", _("Foto de visita o inspección")
        EVIDENCE = "evidencia", _("Evidencia de calidad")
        REPORT = "informe", _("Informe o cuenta de cobro")
        EXPORT = "exportacion", _("Exportación de una lista")
        ACCESS_LOG = "registro", _("Exportación del registro de accesos")

    created_at = models.DateTimeField(_("fecha"), default=timezone.now, editable=False)
    # Null actor: the citizen (public pages, radicado + code or signed link).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("quién"))
    kind = models.CharField(_("qué"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("página"), max_length=80)
    case = models.ForeignKey("intake.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("caso"))
    record_type = models.CharField(_("registro"), max_length=60, blank=True)
    record_id = models.BigIntegerField(_("id del registro"), null=True, blank=True)
    # The rows of an export (None for a single document).
    rows = models.PositiveIntegerField(_("filas"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    # The filters of an export, the file name: what identifies the read, never the data.
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("acceso a datos personales")
        verbose_name_plural = _("accesos a datos personales")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The log page: newest first, by person or kind.
            models.Index(fields=["created_at"], name="dataaccess_created_idx"),
            models.Index(fields=["actor", "created_at"], name="dataaccess_actor_idx"),
        ]

    def __str__(self):
        return f"{self.actor_id or '-'} {self.kind} {self.source} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("DataAccess rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("DataAccess rows are append-only.")
