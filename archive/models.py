"""
The archive's records: the TRD catalogue, each archived expediente's physical
place and retention, and the loans of the paper file.

Retention counts in whole years from the day the expediente was closed (the
case reached its final state): first in the archivo de gestión, then in the
archivo central, then the final disposition of its series applies. The dates
are computed once, when the expediente is archived (archive.rules), and kept:
a later change of the TRD does not move the dates of what was already filed.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Disposition(models.TextChoices):
    CONSERVACION_TOTAL = "CT", _("Conservación total")
    ELIMINACION = "E", _("Eliminación")
    SELECCION = "S", _("Selección")
    MICROFILMACION = "M", _("Microfilmación o digitalización")


class RetentionSeries(models.Model):
    """One row of the tabla de retención documental (TRD, Ley 594 de 2000)."""

    code = models.CharField(_("código"), max_length=20, unique=True,
                            help_text=_("Código de la serie y subserie, p. ej. 200.45.01."))
    series = models.CharField(_("serie documental"), max_length=150)
    subseries = models.CharField(_("subserie documental"), max_length=150, blank=True)
    gestion_years = models.PositiveSmallIntegerField(_("años en el archivo de gestión"))
    central_years = models.PositiveSmallIntegerField(_("años en el archivo central"))
    disposition = models.CharField(_("disposición final"), max_length=2,
                                   choices=Disposition.choices)
    procedure = models.TextField(_("procedimiento"), blank=True)
    # Case kinds (intake.choices.CaseKind values) this series is suggested for.
    case_kinds = models.JSONField(_("tipos de solicitud"), default=list, blank=True)
    active = models.BooleanField(_("vigente"), default=True)

    class Meta:
        verbose_name = _("serie de la TRD")
        verbose_name_plural = _("tabla de retención documental")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(disposition__in=Disposition.values),
                                   name="trd_disposition_valid"),
        ]

    def __str__(self):
        name = f"{self.series} · {self.subseries}" if self.subseries else self.series
        return f"{self.code} {name}"

    @property
    def total_years(self) -> int:
        return self.gestion_years + self.central_years


class ArchivedFile(models.Model):
    """A closed case's expediente in the archive: where the paper is and until when."""

    case = models.OneToOneField("intake.Case", on_delete=models.PROTECT,
                                related_name="archived_file", verbose_name=_("caso"))
    series = models.ForeignKey(RetentionSeries, on_delete=models.PROTECT, related_name="files",
                               verbose_name=_("serie de la TRD"))
    box = models.CharField(_("caja"), max_length=20)
    folder = models.CharField(_("carpeta"), max_length=20)
    folio_from = models.PositiveIntegerField(_("folio inicial"))
    folio_to = models.PositiveIntegerField(_("folio final"))
    notes = models.CharField(_("observaciones"), max_length=300, blank=True)
    closed_on = models.DateField(_("fecha de cierre del expediente"))
    gestion_until = models.DateField(_("en el archivo de gestión hasta"))
    retention_until = models.DateField(_("retención hasta"))
    disposition = models.CharField(_("disposición final"), max_length=2,
                                   choices=Disposition.choices)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("archivado por"))
    archived_at = models.DateTimeField(_("archivado el"))

    class Meta:
        verbose_name = _("expediente archivado")
        verbose_name_plural = _("expedientes archivados")
        ordering = ["-archived_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(folio_from__gte=1), name="archive_folio_from_pos"),
            models.CheckConstraint(condition=Q(folio_to__gte=F("folio_from")),
                                   name="archive_folio_range"),
            models.CheckConstraint(condition=Q(retention_until__gte=F("gestion_until")),
                                   name="archive_retention_order"),
        ]
        indexes = [
            models.Index(fields=["box", "folder"], name="archive_box_folder_idx"),
            models.Index(fields=["retention_until"], name="archive_retention_idx"),
        ]

    def __str__(self):
        return str(self.case)

    def get_absolute_url(self):
        return reverse("archive:detail", args=[self.pk])

    @property
    def folios(self) -> int:
        return self.folio_to - self.folio_from + 1


class FileLoan(models.Model):
    """The paper expediente lent to someone; one loan open at a time per expediente."""

    archived_file = models.ForeignKey(ArchivedFile, on_delete=models.PROTECT,
                                      related_name="loans", verbose_name=_("expediente"))
    borrower = models.CharField(_("prestado a"), max_length=150)
    borrower_unit = models.CharField(_("dependencia"), max_length=150, blank=True)
    purpose = models.CharField(_("motivo del préstamo"), max_length=300)
    lent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("prestado por"))
    lent_at = models.DateTimeField(_("prestado el"))
    due_on = models.DateField(_("devolver a más tardar el"))
    returned_at = models.DateTimeField(_("devuelto el"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("recibido por"))
    return_note = models.CharField(_("observaciones de la devolución"), max_length=300,
                                   blank=True)

    class Meta:
        verbose_name = _("préstamo de expediente")
        verbose_name_plural = _("préstamos de expedientes")
        ordering = ["-lent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["archived_file"], condition=Q(returned_at__isnull=True),
                                    name="archive_one_open_loan"),
        ]
        indexes = [models.Index(fields=["due_on"], condition=Q(returned_at__isnull=True),
                                name="archive_open_loan_due_idx")]

    def __str__(self):
        return f"{self.archived_file} → {self.borrower}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None
