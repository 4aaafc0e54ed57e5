"""Reads of the archive shared by its pages, the auxiliar's landing page and reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from archive.models import ArchivedFile, Disposition, FileLoan, RetentionSeries
from archive.rules import add_years, retention_dates
from intake.choices import FINAL_STATUSES
from intake.selectors import case_queryset_for, case_search


def series_active() -> QuerySet[RetentionSeries]:
    return RetentionSeries.objects.filter(active=True).order_by("code")


def _catalogued(active: list[RetentionSeries], kind: str) -> RetentionSeries | None:
    return next((s for s in active if kind in (s.case_kinds or [])), None)


def series_catalogued_for(kind: str) -> RetentionSeries | None:
    """The first active series of the TRD that lists the case kind, or None."""
    return _catalogued(list(series_active()), kind)


def series_suggested_for(kind: str) -> RetentionSeries | None:
    """The first active series that lists the case kind, else the first active series."""
    active = list(series_active())
    return _catalogued(active, kind) or (active[0] if active else None)


# --- how long a case must be kept ---------------------------------------------------

# Where a case's retention comes from.
FROM_ARCHIVE = "archivo"    # its archived expediente: the dates stored when it was filed
FROM_TRD = "trd"            # not archived yet: the TRD series that catalogues its kind
FROM_SETTING = "ajuste"     # its kind is in no series: settings.PQR_RETENTION_YEARS


@dataclass(frozen=True)
class Retention:
    """How long a finished case must be kept, and on what authority."""

    until: date | None          # kept while the Bogotá day is before it; None if permanent
    source: str                 # FROM_ARCHIVE, FROM_TRD or FROM_SETTING
    series_code: str = ""
    disposition: str = ""       # the series' final disposition (Disposition), if any
    years: int = 0              # whole years from the closing day

    @property
    def permanent(self) -> bool:
        """Conservación total: the series goes to the historical archive, never eliminated."""
        return self.disposition == Disposition.CONSERVACION_TOTAL

    def keeps(self, today: date) -> bool:
        return self.permanent or (self.until is not None and today < self.until)


def cases_retention(cases) -> dict[int, Retention]:
    """
    The retention of each finished case of `cases` (open ones are left out: an open case
    is kept anyway). The one place that says how long a case must be kept:

    1. an archived expediente keeps the dates and disposition stored when it was filed
       (a later TRD change does not move them, docs/archive.md);
    2. else the active TRD series that lists the case's kind: gestión + central years
       from the closing day (the Bogotá day it reached its final state);
    3. else settings.PQR_RETENTION_YEARS from the closing day.

    Two queries whatever the number of cases.
    """
    finished = [c for c in cases if c.status in FINAL_STATUSES]
    if not finished:
        return {}
    archived = {f.case_id: f for f in ArchivedFile.objects.select_related("series")
                .filter(case_id__in=[c.pk for c in finished])}
    active = list(series_active())
    out = {}
    for case in finished:
        if (f := archived.get(case.pk)) is not None:
            out[case.pk] = Retention(until=f.retention_until, source=FROM_ARCHIVE,
                                     series_code=f.series.code, disposition=f.disposition,
                                     years=f.series.total_years)
            continue
        closed_on = timezone.localdate(case.status_changed_at)
        if (series := _catalogued(active, case.kind)) is not None:
            _gestion, until = retention_dates(closed_on=closed_on,
                                              gestion_years=series.gestion_years,
                                              central_years=series.central_years)
            out[case.pk] = Retention(until=until, source=FROM_TRD, series_code=series.code,
                                     disposition=series.disposition, years=series.total_years)
        else:
            years = settings.PQR_RETENTION_YEARS
            out[case.pk] = Retention(until=add_years(closed_on, years), source=FROM_SETTING,
                                     years=years)
    return out


def case_retention(case) -> Retention | None:
    """The retention of one finished case (cases_retention), None while it is open."""
    return cases_retention([case]).get(case.pk)


def _open_loan_exists():
    return Exists(FileLoan.objects.filter(archived_file=OuterRef("pk"), returned_at__isnull=True))


def archived_files() -> QuerySet[ArchivedFile]:
    """Every archived expediente with its case, series and whether it is on loan."""
    return (ArchivedFile.objects.select_related("case", "case__customer", "series",
                                                "archived_by")
            .annotate(on_loan=_open_loan_exists()))


def archived_files_filtered(*, user, q: str = "", series=None, box: str = "",
                            on_loan: bool = False, disposition_due: date | None = None):
    """
    The archive list: `q` finds a case as the case list does (radicado, document,
    account, name, words) or matches a box or folder; the other filters narrow it.
    """
    files = archived_files()
    q = " ".join((q or "").split())
    if q:
        cases = case_search(case_queryset_for(user), q).values("pk")
        files = files.filter(Q(case_id__in=cases) | Q(box__iexact=q) | Q(folder__iexact=q))
    if series is not None:
        files = files.filter(series=series)
    if box:
        files = files.filter(box__iexact=box.strip())
    if on_loan:
        files = files.filter(on_loan=True)
    if disposition_due is not None:
        files = files.filter(retention_until__lte=disposition_due)
    return files.order_by("box", "folder", "folio_from", "pk")


def archived_file_get(*, file_id: int) -> ArchivedFile:
    return get_object_or_404(archived_files(), pk=file_id)


def archived_file_of(case) -> ArchivedFile | None:
    return archived_files().filter(case_id=case.pk).first()


def cases_pending_archive(user):
    """The closed cases `user` may see whose expediente is not in the archive yet."""
    return (case_queryset_for(user).filter(status__in=FINAL_STATUSES, archived_file__isnull=True)
            .order_by("status_changed_at", "pk"))


def case_closed_get(user, *, case_id: int):
    """A closed case `user` may see (404 for an open or hidden one)."""
    return get_object_or_404(case_queryset_for(user).filter(status__in=FINAL_STATUSES),
                             pk=case_id)


def open_loans() -> QuerySet[FileLoan]:
    return (FileLoan.objects.filter(returned_at__isnull=True)
            .select_related("archived_file", "archived_file__case", "lent_by")
            .order_by("due_on", "pk"))


def overdue_loans(today: date) -> QuerySet[FileLoan]:
    return open_loans().filter(due_on__lt=today)


def loan_get_open(*, loan_id: int) -> FileLoan:
    return get_object_or_404(open_loans(), pk=loan_id)


def file_loans(archived_file) -> QuerySet[FileLoan]:
    return archived_file.loans.select_related("lent_by", "received_by").order_by("-lent_at", "-pk")


def archive_summary(user, today: date) -> dict:
    """What the auxiliar's landing page shows: pending to archive and overdue loans."""
    pending = cases_pending_archive(user)
    overdue = overdue_loans(today)
    return {"pending_count": pending.count(), "pending": list(pending[:10]),
            "overdue_count": overdue.count(), "overdue": list(overdue[:10]),
            "open_loans_count": open_loans().count()}
