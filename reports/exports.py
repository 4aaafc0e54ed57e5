"""
Exports of any list to CSV and XLSX: streamed, no row cap, constant memory.

A list is an `ExportSpec`: a title, a header and a generator of rows built
from the request's parameters and user (the case list with its filters, the
SUI rows of a month, the indicators of a period, the staff novelties…).
Rows come from server-side cursors (`.iterator()`) and are written as they
come: CSV chunk by chunk into a StreamingHttpResponse; XLSX with openpyxl's
write-only workbook (rows go to a temporary file, never kept in memory).

A long export runs as a background task (`ExportJob`, progress in
`rows_done`) and the page offers the file when it is ready.
"""

from __future__ import annotations

import tempfile

from celery import shared_task
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from pqr_portal.access import require
from reports import policy
from reports.export_lists import ExportSpec, spec_get
from reports.models import ExportJob
from reports.writers import csv_chunks, xlsx_write

PROGRESS_EVERY = 5000  # rows between progress updates of a background export


def filename(spec: ExportSpec, fmt: str) -> str:
    return f"{spec.code}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


# --- background exports -------------------------------------------------------------------

def export_job_create(*, code: str, fmt: str, params: dict, actor) -> ExportJob:
    """Queue a background export of list `code` for `actor` (run by export_job_run)."""
    spec = spec_get(code)
    if spec is None or fmt not in ("csv", "xlsx"):
        raise ValueError(code)
    require(policy.can_export_list(actor, spec))
    job = ExportJob.objects.create(code=code, fmt=fmt, params=params, requested_by=actor)
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id: int) -> None:
    try:
        export_run_task.delay(job_id=job_id)
    except Exception:  # noqa: BLE001 - broker down: the page says it waits; run it again later
        pass


def _progress(job_id: int, n: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(rows_done=n)


def export_job_run(*, job_id: int) -> ExportJob:
    """Write the file of a queued export, updating its progress; keep the error if it fails."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.finished_at or job.error:
        return job
    spec = spec_get(job.code)
    user = job.requested_by
    job.started_at = timezone.now()
    job.rows_total = spec.count(job.params, user)
    job.save(update_fields=["started_at", "rows_total"])

    seen = [0]

    def counted(rows):
        for row in rows:
            seen[0] += 1
            if seen[0] % PROGRESS_EVERY == 0:
                _progress(job.pk, seen[0])
            yield row

    try:
        with tempfile.TemporaryFile() as tmp:
            rows = counted(spec.rows(job.params, user))
            if job.fmt == "xlsx":
                xlsx_write(spec.title, spec.header(job.params), rows, tmp)
            else:
                for chunk in csv_chunks(spec.header(job.params), rows):
                    tmp.write(chunk)
            tmp.seek(0)
            job.file.save(filename(spec, job.fmt), File(tmp), save=False)
        job.rows_done, job.finished_at = seen[0], timezone.now()
        job.save(update_fields=["file", "rows_done", "finished_at"])
    except Exception as exc:  # noqa: BLE001 - kept on the job for the page to show
        job.error = repr(exc)[:2000]
        job.save(update_fields=["error"])
    return job


STATE_LABELS = {"en_espera": L("En espera"), "en_curso": L("En curso"),
                "lista": L("Lista para descargar"), "fallida": L("Falló")}


def job_label(job: ExportJob) -> str:
    return str(STATE_LABELS[job.state]) if job.state in STATE_LABELS else _("Desconocido")


# The Celery entry point lives beside the service it calls (reports.tasks re-exports it),
# so the two modules import in one direction only.
@shared_task(name="reports.tasks.export_run_task", time_limit=3600, soft_time_limit=3500)
def export_run_task(*, job_id: int) -> int:
    """Write a long export in the background."""
    return export_job_run(job_id=job_id).rows_done
