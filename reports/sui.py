"""
The SUI file for the SSPD (Resolución SSPD 20151300054575 de 2015, Formato A).

A month reports every PQR filed or answered in it plus those still pending
from earlier months, in 16 columns with the SSPD code lists (domain.md §6).
Pending rows carry tipo de respuesta 9 and notificación 3 with the answer
columns empty. Every row is written; the rows that cannot be reported as
they stand are listed with the reason (never dropped silently).

Cases are streamed in chunks (bounded memory); the answers of each chunk are
read in one query.
"""

from __future__ import annotations

import collections
import csv
import hashlib
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from caserecord.services import event_record
from intake.choices import SUI_TIPO_TRAMITE, CaseStatus
from intake.selectors import sui_candidate_cases
from pqr_portal.access import require
from reports import policy
from reports.models import SuiFile
from reports.periods import Period, month_end
from responses.models import SUI_TIPO_RESPUESTA, Notification
from responses.selectors import answer_facts, sspd_transfer_dates

HEADER = [
    "departamento_dane", "municipio_dane", "centro_poblado_dane", "radicado", "fecha_radicacion",
    "tipo_tramite", "grupo_causal", "detalle_causal", "numero_cuenta", "numero_factura",
    "tipo_respuesta", "fecha_respuesta", "radicado_respuesta", "fecha_notificacion",
    "tipo_notificacion", "fecha_traslado_sspd",
]
PENDING_ANSWER, NO_NOTIFICATION = 9, 3
ARCHIVA, TRASLADA, ACCEDE = 11, 8, 1
NOTIFICATION_CODES = {
    Notification.Method.ELECTRONICA: 1, Notification.Method.PERSONAL: 1,
    Notification.Method.AVISO: 4, Notification.Method.PUBLICACION: 4,
    Notification.Method.CONDUCTA_CONCLUYENTE: 5,
}
CHUNK = 2000

MISSING_DANE = L("Falta el código DANE del municipio.")
MISSING_CAUSAL = L("Falta la causal.")
ANSWER_WITHOUT_KIND = L("La respuesta no tiene tipo de respuesta.")
ANSWER_WITHOUT_NOTIFICATION = L("Respuesta sin fecha de notificación.")
FINISHED_WITHOUT_ANSWER = L("Cerrado sin carta de respuesta.")


def _day(value) -> str:
    """An instant as its Bogotá day, DD-MM-AAAA (no strftime, no per-call zone lookup)."""
    if not value:
        return ""
    day = value.astimezone(timezone.get_default_timezone())
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


@dataclass
class SuiResult:
    month: date
    rows: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (radicado, reason)

    @property
    def invalid_rows(self) -> int:
        return len({radicado for radicado, _reason in self.problems})


def _texts() -> dict:
    """The reasons, translated once per file (gettext per row took a quarter of the time)."""
    return {"dane": str(MISSING_DANE), "causal": str(MISSING_CAUSAL),
            "kind": str(ANSWER_WITHOUT_KIND), "notification": str(ANSWER_WITHOUT_NOTIFICATION),
            "unanswered": str(FINISHED_WITHOUT_ANSWER)}


def _row(case: dict, answer: dict | None, transfer, hi, texts=None) -> tuple[list, list[str]]:
    """The 16 columns of one case and the reasons it cannot be reported as it stands."""
    texts = texts or _texts()
    problems = []
    if not case["municipality__dane_code"]:
        problems.append(texts["dane"])
    if not case["causal__code"]:
        problems.append(texts["causal"])
    answer_kind = answer_day = answer_radicado = notified_day = ""
    notification = NO_NOTIFICATION
    finished = (case["status"] in (CaseStatus.CERRADO, CaseStatus.TRASLADADO,
                                   CaseStatus.DESISTIDO) and case["status_changed_at"] < hi)
    if answer is not None:
        answer_kind = SUI_TIPO_RESPUESTA.get(answer["answer_kind"], "")
        answer_day, answer_radicado = _day(answer["issued_at"]), answer["outgoing_radicado"]
        if not answer_kind:
            problems.append(texts["kind"])
        if answer["notified_at"] and answer["notified_at"] < hi:
            notified_day = _day(answer["notified_at"])
            notification = NOTIFICATION_CODES.get(answer["method"], NO_NOTIFICATION)
        else:
            problems.append(texts["notification"])
    elif finished and case["status"] == CaseStatus.TRASLADADO:
        answer_kind, answer_day = TRASLADA, _day(case["status_changed_at"])
    elif finished and case["status"] == CaseStatus.DESISTIDO:
        answer_kind, answer_day = ARCHIVA, _day(case["status_changed_at"])
    elif finished and case["first_contact_answer"]:
        # Answered at the counter: personal notification at once.
        answer_kind, answer_day = ACCEDE, _day(case["status_changed_at"])
        notified_day, notification = answer_day, 1
    elif finished:
        problems.append(texts["unanswered"])
    else:
        answer_kind = PENDING_ANSWER
    return [
        case["municipality__department_code"] or "", case["municipality__dane_code"] or "",
        case["municipality__populated_centre_code"] or "", case["radicado"],
        _day(case["filed_at"]), SUI_TIPO_TRAMITE[case["kind"]], case["causal__group"] or "",
        case["causal__code"] or "", case["account_number"], case["bill_number"], answer_kind,
        answer_day, answer_radicado, notified_day, notification, _day(transfer),
    ], problems


def _chunks(iterable, size) -> Iterator[list]:
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def sui_rows(month: date, result: SuiResult) -> Iterator[list]:
    """Yield the rows of `month` in radicado order; problems are added to `result`."""
    lo, hi = Period(month, month_end(month)).bounds
    cases = sui_candidate_cases(lo=lo, hi=hi, kinds=list(SUI_TIPO_TRAMITE))
    texts = _texts()
    for chunk in _chunks(cases, CHUNK):
        ids = [c["pk"] for c in chunk]
        answers = answer_facts(case_ids=ids, before=hi)
        transfers = sspd_transfer_dates(case_ids=ids)
        for case in chunk:
            answer = answers.get(case["pk"])
            if answer is not None and answer["issued_at"] < lo and case["filed_at"] < lo:
                continue  # answered in an earlier month: reported then
            row, problems = _row(case, answer, transfers.get(case["pk"]), hi, texts)
            result.rows += 1
            result.problems.extend((case["radicado"], p) for p in problems)
            yield row


def sui_write(month: date, out) -> tuple[SuiResult, str]:
    """Write the CSV of `month` to the binary file `out`; return the result and SHA-256."""
    result = SuiResult(month=month)
    digest = hashlib.sha256()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush():
        data = buffer.getvalue().encode("utf-8")
        digest.update(data)
        out.write(data)
        buffer.seek(0)
        buffer.truncate()

    writer.writerow(HEADER)
    for i, row in enumerate(sui_rows(month, result), 1):
        writer.writerow(row)
        if i % CHUNK == 0:
            flush()
    flush()
    return result, digest.hexdigest()


def sui_check(month: date) -> SuiResult:
    """Validate `month` without keeping a file (the page's preview)."""
    result = SuiResult(month=month)
    collections.deque(sui_rows(month, result), maxlen=0)  # consume, keep nothing
    return result


@transaction.atomic
def sui_generate(*, month: date, actor) -> tuple[SuiFile, SuiResult]:
    """Generate and keep the file of `month` (who, when, rows, SHA-256), with its event."""
    require(actor is None or policy.can_manage_reports(actor))
    with tempfile.TemporaryFile() as tmp:
        result, sha = sui_write(month, tmp)
        tmp.seek(0)
        record = SuiFile(month=month, rows=result.rows, invalid_rows=result.invalid_rows,
                         sha256=sha, generated_by=actor)
        record.file.save(f"sui-formato-a-{month:%Y-%m}.csv", File(tmp), save=False)
    record.save()
    event_record(record=record, kind="report.sui_generated", actor=actor,
                 data={"month": f"{month:%Y-%m}", "rows": result.rows,
                       "invalid": result.invalid_rows, "sha256": sha})
    return record, result


def problems_text(result: SuiResult) -> list[str]:
    return [_("%(radicado)s: %(reason)s") % {"radicado": r, "reason": p}
            for r, p in result.problems]
