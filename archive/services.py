"""
Every write of the archive: the TRD catalogue, archiving a closed case, moving it,
lending the paper file and receiving it back. Each checks the actor (archive.policy),
writes its event and commits in one transaction.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import policy, rules
from archive.models import ArchivedFile, FileLoan, RetentionSeries
from caserecord.services import event_record
from intake.workflow import is_final
from pqr_portal.access import require

TRD_FIELDS = ("code", "series", "subseries", "gestion_years", "central_years", "disposition",
              "procedure", "case_kinds", "active")
LOCATION_FIELDS = ("box", "folder", "folio_from", "folio_to")


@transaction.atomic
def trd_save(*, actor, instance: RetentionSeries | None = None, **fields) -> RetentionSeries:
    """Create a TRD series (`instance` None) or change one; the event keeps what changed."""
    require(policy.can_manage_trd(actor, instance))
    unknown = set(fields) - set(TRD_FIELDS)
    if unknown:
        raise TypeError(f"unknown TRD fields: {sorted(unknown)}")
    created = instance is None
    if created:
        series = RetentionSeries(**fields)
        changed = dict(fields)
    else:
        series = RetentionSeries.objects.select_for_update().get(pk=instance.pk)
        changed = {k: v for k, v in fields.items() if getattr(series, k) != v}
        for name, value in changed.items():
            setattr(series, name, value)
    series.full_clean()
    series.save()
    event_record(kind="trd.saved", record=series, actor=actor,
                 data={"code": series.code, "created": created, "fields": changed})
    return series


def _check_location(box: str, folder: str, folio_from: int, folio_to: int) -> None:
    if not box.strip() or not folder.strip():
        raise ValidationError(_("Indique la caja y la carpeta."))
    if folio_from < 1 or folio_to < folio_from:
        raise ValidationError(_("El folio final no puede ser menor que el inicial."))


@transaction.atomic
def case_archive(*, case, actor, series: RetentionSeries, box: str, folder: str,
                 folio_from: int, folio_to: int, notes: str = "") -> ArchivedFile:
    """
    Put a closed case's expediente in the archive: its box, folder and folios, its TRD
    series and the retention dates counted from the day the case was closed.
    """
    require(policy.can_manage_archive(actor, case))
    if not is_final(case.status):
        raise ValidationError(_("Solo se archivan los casos cerrados."))
    if not series.active:
        raise ValidationError(_("La serie %(code)s ya no está vigente en la TRD.")
                              % {"code": series.code})
    if ArchivedFile.objects.filter(case_id=case.pk).exists():
        raise ValidationError(_("El expediente de este caso ya está archivado."))
    box, folder = box.strip(), folder.strip()
    _check_location(box, folder, folio_from, folio_to)
    closed_on = timezone.localtime(case.status_changed_at).date()
    gestion_until, retention_until = rules.retention_dates(
        closed_on=closed_on, gestion_years=series.gestion_years,
        central_years=series.central_years)
    try:
        with transaction.atomic():
            archived = ArchivedFile.objects.create(
                case=case, series=series, box=box, folder=folder, folio_from=folio_from,
                folio_to=folio_to, notes=notes.strip(), closed_on=closed_on,
                gestion_until=gestion_until, retention_until=retention_until,
                disposition=series.disposition, archived_by=actor, archived_at=timezone.now())
    except IntegrityError:  # archived by someone else a moment ago
        raise ValidationError(_("El expediente de este caso ya está archivado."))
    event_record(case=case, record=archived, kind="archive.filed", actor=actor, data={
        "archived_file_id": archived.pk, "box": box, "folder": folder,
        "folio_from": folio_from, "folio_to": folio_to, "series": series.code,
        "closed_on": closed_on.isoformat(), "gestion_until": gestion_until.isoformat(),
        "retention_until": retention_until.isoformat(), "disposition": series.disposition})
    return archived


@transaction.atomic
def file_relocate(*, archived_file: ArchivedFile, actor, box: str, folder: str,
                  folio_from: int, folio_to: int, note: str = "") -> ArchivedFile:
    """Record that the paper expediente moved to another box, folder or folios."""
    require(policy.can_manage_archive(actor, archived_file))
    archived = ArchivedFile.objects.select_for_update().get(pk=archived_file.pk)
    box, folder = box.strip(), folder.strip()
    _check_location(box, folder, folio_from, folio_to)
    before = {k: getattr(archived, k) for k in LOCATION_FIELDS}
    archived.box, archived.folder = box, folder
    archived.folio_from, archived.folio_to = folio_from, folio_to
    archived.save(update_fields=list(LOCATION_FIELDS))
    event_record(case_id=archived.case_id, record=archived, kind="archive.relocated",
                 actor=actor, note=note, data={
                     "archived_file_id": archived.pk, "box": box, "folder": folder,
                     "folio_from": folio_from, "folio_to": folio_to, "before": before})
    return archived


@transaction.atomic
def loan_open(*, archived_file: ArchivedFile, actor, borrower: str, purpose: str,
              due_on: date, borrower_unit: str = "") -> FileLoan:
    """Lend the paper expediente; refused while an earlier loan is not returned."""
    require(policy.can_manage_archive(actor, archived_file))
    archived = ArchivedFile.objects.select_for_update().get(pk=archived_file.pk)
    if archived.loans.filter(returned_at__isnull=True).exists():
        raise ValidationError(_("El expediente ya está prestado: registre primero su devolución."))
    if not borrower.strip() or not purpose.strip():
        raise ValidationError(_("Indique a quién se presta y para qué."))
    now = timezone.now()
    if due_on < timezone.localtime(now).date():
        raise ValidationError(_("La fecha de devolución no puede ser anterior a hoy."))
    loan = FileLoan.objects.create(
        archived_file=archived, borrower=borrower.strip(), borrower_unit=borrower_unit.strip(),
        purpose=purpose.strip(), lent_by=actor, lent_at=now, due_on=due_on)
    event_record(case_id=archived.case_id, record=archived, kind="archive.loaned", actor=actor,
                 data={"loan_id": loan.pk, "borrower": loan.borrower,
                       "borrower_unit": loan.borrower_unit, "purpose": loan.purpose,
                       "due_on": due_on.isoformat()})
    return loan


@transaction.atomic
def loan_return(*, loan: FileLoan, actor, note: str = "") -> FileLoan:
    """Receive the paper expediente back."""
    require(policy.can_manage_archive(actor, loan.archived_file))
    loan = FileLoan.objects.select_for_update().select_related("archived_file").get(pk=loan.pk)
    if loan.returned_at is not None:
        raise ValidationError(_("Este préstamo ya se devolvió."))
    loan.returned_at = timezone.now()
    loan.received_by = actor
    loan.return_note = note.strip()
    loan.save(update_fields=["returned_at", "received_by", "return_note"])
    overdue = timezone.localtime(loan.returned_at).date() > loan.due_on
    event_record(case_id=loan.archived_file.case_id, record=loan.archived_file,
                 kind="archive.returned", actor=actor, note=loan.return_note,
                 data={"loan_id": loan.pk, "borrower": loan.borrower, "overdue": overdue})
    return loan
