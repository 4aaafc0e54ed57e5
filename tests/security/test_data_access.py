"""
Issue 11, item 6: reads of personal data leave a trace.

Every view that serves a file (attachments, letters, actas, receipts,
exports) writes a caserecord.DataAccess row: who, when, what, which case,
how many rows, from which address. Exports of lists with a row per person
or case are for the coordinator alone; the coordinator reads the log.
"""

from __future__ import annotations

import csv
import inspect
import io
from datetime import datetime

import pytest
import time_machine
from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from caserecord.models import DataAccess
from caserecord.services import data_access_record, data_access_stream
from intake.choices import CaseKind
from pqr_portal.roles import Role
from tests.factories import make_case, make_user
from tests.foundation.test_permission_matrix import (
    ROLE_OF,
    ROLES,
    _build_world,
    _url,
    expected_for,
    url_patterns,
)

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()

# What serves a file in a view's source, and what traces it.
FILE_MARKERS = ("FileResponse(", "StreamingHttpResponse(", "Content-Disposition",
                "csv_response(", "_csv(")
TRACE_MARKERS = ("data_access_record(", "data_access_stream(")
# The case list's export: the reports export of the list `casos` (the one path).
CASES_CSV = {"lista": "casos", "formato": "csv"}


@pytest.fixture
def world(settings, tmp_path):
    """The objects of the permission matrix: a case worked through visits, answer, recurso."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return _build_world()


def _view_source(callback) -> str:
    func = callback
    while hasattr(func, "__wrapped__"):
        func = func.__wrapped__
    try:
        return inspect.getsource(func)
    except (OSError, TypeError):
        return ""


def file_views() -> dict[str, str]:
    """URL name -> source of every project view that serves a file."""
    found = {}
    for name, pattern in url_patterns():
        if name.startswith("admin:"):
            continue
        source = _view_source(pattern.callback)
        if any(m in source for m in FILE_MARKERS):
            found[name] = source
    return found


def _is_file(response) -> bool:
    return (response.streaming or response.has_header("Content-Disposition")
            or not response["Content-Type"].startswith(("text/html", "application/json")))


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))


# --- no view forgets the trace ----------------------------------------------------

def test_every_view_that_serves_a_file_writes_the_trace():
    views = file_views()
    # The scan finds the known ones (so a rename cannot make it vacuous) ...
    assert {"intake:attachment-download", "intake:case-receipt",
            "responses:letter-pdf", "responses_public:notification-pdf",
            "field_visits:acta-pdf", "reports:export", "reports:sui-download",
            "caserecord:access-log-export"} <= set(views)
    # ... and each of them writes a DataAccess row.
    untraced = sorted(n for n, src in views.items() if not any(m in src for m in TRACE_MARKERS))
    assert not untraced, f"views that serve a file without data_access_record: {untraced}"


def test_each_download_of_the_world_writes_one_row_with_the_reader(client, world):
    """
    GET every URL of the permission matrix as each role that may open it; each
    response that is a file wrote exactly one row naming that reader and the
    view, and nothing else wrote one.
    """
    checked, wrong = set(), []
    for name, pattern in sorted(url_patterns(), key=lambda p: p[0]):
        declared = expected_for(name)
        for role in ROLES:
            if declared[role] != 200 or name.startswith("admin:"):
                continue
            client.logout()
            user = None if role == "anonymous" else world["users"][role]
            if user is not None:
                client.force_login(user)
            before = DataAccess.objects.count()
            response = client.get(_url(name, pattern, world["kwargs"]))
            is_file = response.status_code == 200 and _is_file(response)
            if is_file:
                _body(response)  # a streamed export is traced when it ends
            rows = list(DataAccess.objects.order_by("-pk")[:DataAccess.objects.count() - before])
            if not is_file:
                if rows:
                    wrong.append(f"{name} as {role}: a page, yet {len(rows)} rows")
                continue
            checked.add(name)
            if len(rows) != 1:
                wrong.append(f"{name} as {role}: a file with {len(rows)} rows")
            elif (rows[0].actor, rows[0].source) != (user, name):
                wrong.append(f"{name} as {role}: row of {rows[0].actor} from {rows[0].source}")
    assert not wrong, "\n".join(wrong)
    # The files the world serves (the others need objects of their own, below).
    assert {"intake:attachment-download", "intake:case-receipt", "intake:agreement-pdf",
            "responses:letter-pdf", "responses:remission-pdf",
            "responses_public:notification-pdf", "field_visits:acta-pdf",
            "field_visits:acta-photo", "compliance:action-evidence",
            "compliance:training-evidence", "compliance:inspection-photo",
            "caserecord:access-log-export"} <= checked


def test_a_download_names_the_case_the_record_and_the_address(client, world):
    back = world["users"]["back_office"]
    kw = world["kwargs"]
    client.force_login(back)
    response = client.get(reverse("intake:attachment-download",
                                  args=[kw["case_id"], kw["attachment_id"]]),
                          REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    row = DataAccess.objects.get()
    assert (row.actor, row.kind, row.case_id) == (back, "anexo", kw["case_id"])
    assert (row.record_type, row.record_id) == ("intake.attachment", kw["attachment_id"])
    assert row.rows is None and row.ip == "10.1.2.3"
    assert row.data["file"].endswith(".pdf")


def test_the_citizen_downloading_their_letter_is_logged_as_the_citizen(client, world):
    kw = world["kwargs"]
    response = client.get(reverse("responses_public:notification-pdf", args=[kw["token"]]))
    assert response.status_code == 200
    row = DataAccess.objects.get()
    assert row.actor is None and row.kind == "carta" and row.case_id == kw["case_id"]
    assert row.source == "responses_public:notification-pdf"


def test_the_citizen_downloading_their_receipt_is_logged(client, settings, tmp_path):
    from intake.views.public import STATE_COOKIE, STATE_SALT

    settings.MEDIA_ROOT = tmp_path / "media"
    case = make_case()
    client.cookies[STATE_COOKIE] = signing.dumps({"cases": [case.pk]}, salt=STATE_SALT,
                                                 compress=True)
    response = client.get(reverse("public:receipt", args=[case.radicado]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    row = DataAccess.objects.get()
    assert (row.actor, row.kind, row.case_id) == (None, "constancia", case.pk)


# --- bulk exports are the coordinator's --------------------------------------------

@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.AUXILIAR,
                                  Role.GERENTE, Role.BRIGADISTA])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_gestor_cannot_export_the_case_list(client, role, fmt):
    make_case()
    client.force_login(make_user(role, username="curioso"))
    response = client.get(reverse("reports:export"), {"lista": "casos", "formato": fmt})
    assert response.status_code == 403
    assert not DataAccess.objects.exists()
    if role != Role.BRIGADISTA:
        page = client.get(reverse("intake:case-list")).content.decode()
        assert reverse("reports:export") not in page and "lista=casos" not in page


def test_the_coordinator_exports_and_the_export_is_logged_with_its_rows(client):
    coord = make_user(Role.COORDINADOR, username="coord")
    for _ in range(3):
        make_case(kind=CaseKind.RECLAMO)
    make_case(kind=CaseKind.QUEJA)
    client.force_login(coord)
    page = client.get(reverse("intake:case-list")).content.decode()
    assert "lista=casos&amp;formato=csv" in page  # the page's export links (reports:export)
    response = client.get(reverse("reports:export"), {**CASES_CSV, "kind": "reclamo"},
                          REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    rows = _csv_rows(response)
    assert len(rows) == 4 and "documento" in rows[0]
    row = DataAccess.objects.get()
    assert (row.actor, row.kind, row.rows, row.source) == (coord, "exportacion", 3,
                                                           "reports:export")
    assert row.data["list"] == "casos" and row.data["filters"] == {"kind": ["reclamo"]}
    assert row.ip == "10.1.2.3" and row.data["file"].endswith(".csv")


def test_a_stream_cut_short_is_logged_with_the_rows_sent():
    """The server closes the stream when the client goes away: the rows sent are logged."""
    coord = make_user(Role.COORDINADOR, username="coord")
    stream = data_access_stream(iter([["a"], ["b"], ["c"]]), kind="exportacion", actor=coord,
                                source="reports:export")
    assert next(stream) == ["a"]
    assert not DataAccess.objects.exists()                   # nothing known yet
    stream.close()
    row = DataAccess.objects.get()
    assert (row.actor, row.rows) == (coord, 1)


@pytest.mark.parametrize("lista", ["casos", "sui", "novedades", "cuenta_detalle"])
def test_the_gerente_may_not_export_lists_of_people(client, lista):
    client.force_login(make_user(Role.GERENTE, username="gerente"))
    response = client.get(reverse("reports:export"), {"lista": lista, "formato": "csv",
                                                      "mes": "2025-03", "desde": "2025-03-01",
                                                      "hasta": "2025-03-31"})
    assert response.status_code == 403
    assert not DataAccess.objects.exists()


def test_the_gerente_still_exports_the_indicators_and_it_is_logged(client):
    gerente = make_user(Role.GERENTE, username="gerente")
    client.force_login(gerente)
    response = client.get(reverse("reports:export"), {"lista": "indicadores", "formato": "csv",
                                                      "desde": "2025-03-01",
                                                      "hasta": "2025-03-31"})
    assert response.status_code == 200
    assert not DataAccess.objects.exists()  # traced when the stream ends
    lines = _csv_rows(response)
    row = DataAccess.objects.get()
    assert (row.actor, row.kind, row.data["list"]) == (gerente, "exportacion", "indicadores")
    assert row.rows == len(lines) - 1 > 0


def test_report_files_are_logged_and_the_sui_file_is_the_coordinators(client, settings,
                                                                      tmp_path):
    from reports.models import BillingStatement, ExportJob, ManagementReport, SuiFile

    settings.MEDIA_ROOT = tmp_path / "media"
    coord = make_user(Role.COORDINADOR, username="coord")
    gerente = make_user(Role.GERENTE, username="gerente")
    month = timezone.localdate().replace(day=1)
    sui = SuiFile.objects.create(month=month, rows=42, sha256="0" * 64, generated_by=coord,
                                 file=ContentFile(b"a,b\r\n", name="sui.csv"))
    report = ManagementReport.objects.create(month=month, sha256="0" * 64,
                                             pdf=ContentFile(b"%PDF-1.4", name="i.pdf"))
    statement = BillingStatement.objects.create(
        number="CC-1", period_start=month, period_end=month, total=0, created_by=coord,
        pdf=ContentFile(b"%PDF-1.4", name="c.pdf"))
    job = ExportJob.objects.create(code="casos", fmt="csv", params={}, requested_by=coord,
                                   rows_done=7, finished_at=timezone.now(),
                                   file=ContentFile(b"x\r\n", name="casos.csv"))
    client.force_login(gerente)
    assert client.get(reverse("reports:sui-download", args=[sui.pk])).status_code == 403
    assert reverse("reports:sui-download", args=[sui.pk]) not in client.get(
        reverse("reports:sui")).content.decode()
    assert client.get(reverse("reports:management-pdf", args=[report.pk])) \
        .status_code == 200
    assert DataAccess.objects.get().actor == gerente
    client.force_login(coord)
    expected = {
        reverse("reports:sui-download", args=[sui.pk]): ("reports:sui-download", 42),
        reverse("reports:billing-pdf", args=[statement.pk]): ("reports:billing-pdf", None),
        reverse("reports:billing-xlsx", args=[statement.pk]): ("reports:billing-xlsx", None),
        reverse("reports:export-download", args=[job.pk]): ("reports:export-download", 7),
        reverse("reports:dashboard") + "?formato=csv": ("reports:dashboard", None),
    }
    for url, (source, rows) in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        _body(response)
        row = DataAccess.objects.order_by("-pk").first()
        assert (row.actor, row.source, row.rows) == (coord, source, rows), url


def test_the_citizen_reading_a_published_aviso_is_logged(client, settings, tmp_path):
    from responses import services
    from responses.models import Communication
    from tests.responses.test_notification import _postal_letter, bogota

    settings.MEDIA_ROOT = tmp_path / "media"
    back = make_user(Role.BACK_OFFICE, username="back")
    coord = make_user(Role.COORDINADOR, username="coord")
    letter = _postal_letter(back, coord, at=bogota(2026, 12, 4, 10))
    notification = services.notification_publish(notification=letter.notification,
                                                 actor=back, at=bogota(2026, 12, 4, 11))
    aviso = Communication.objects.get(notification=notification)
    with time_machine.travel(bogota(2026, 12, 7, 9), tick=False):
        response = client.get(reverse("responses_public:aviso-pdf",
                                      args=[aviso.outgoing_radicado]))
    assert response.status_code == 200
    row = DataAccess.objects.get()
    assert (row.actor, row.kind, row.case_id) == (None, "carta", letter.case.pk)


# --- the coordinator reads the log --------------------------------------------------

def _log_world():
    coord = make_user(Role.COORDINADOR, username="coord")
    back = make_user(Role.BACK_OFFICE, username="gestora", first_name="Gestora",
                     last_name="Uno")
    case = make_case()
    with time_machine.travel(datetime(2026, 11, 3, 9, tzinfo=TZ), tick=False):
        data_access_record(kind="anexo", actor=back, case=case, source="intake:x")
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=TZ), tick=False):
        data_access_record(kind="exportacion", actor=back, rows=1200, source="intake:y")
        data_access_record(kind="carta", actor=None, case=case, source="public:z")
    return coord, back, case


@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.AUXILIAR,
                                  Role.GERENTE, Role.BRIGADISTA])
def test_only_the_coordinator_opens_the_log(client, role):
    client.force_login(make_user(role, username="otro"))
    assert client.get(reverse("caserecord:access-log")).status_code == 403
    assert client.get(reverse("caserecord:access-log-export")).status_code == 403
    assert reverse("caserecord:access-log") not in client.get(reverse("home"), follow=True) \
        .content.decode()


def test_the_coordinator_sees_and_filters_the_log(client):
    coord, back, case = _log_world()
    client.force_login(coord)
    home = client.get(reverse("work:coordinador")).content.decode()
    assert f'href="{reverse("caserecord:access-log")}"' in home        # in the menu
    page = client.get(reverse("caserecord:access-log")).content.decode()
    assert "3 accesos" in page and "Gestora Uno" in page and case.radicado in page
    assert "Ciudadano (páginas públicas)" in page and "1200" in page
    by_person = client.get(reverse("caserecord:access-log"), {"persona": back.pk})
    assert by_person.context["page"].paginator.count == 2
    by_kind = client.get(reverse("caserecord:access-log"), {"tipo": "exportacion"})
    assert [a.rows for a in by_kind.context["page"]] == [1200]
    by_days = client.get(reverse("caserecord:access-log"),
                         {"desde": "2026-11-01", "hasta": "2026-11-03"})
    assert [a.kind for a in by_days.context["page"]] == ["anexo"]
    by_case = client.get(reverse("caserecord:access-log"), {"radicado": case.radicado})
    assert by_case.context["page"].paginator.count == 2
    # A bad date drops only its own filter, and says so.
    bad = client.get(reverse("caserecord:access-log"), {"desde": "ayer", "tipo": "carta"})
    assert bad.context["page"].paginator.count == 1
    assert "Se ignoró el filtro" in bad.content.decode()


def test_the_log_pages_fifty_at_a_time(client):
    coord = make_user(Role.COORDINADOR, username="coord")
    for _ in range(51):
        data_access_record(kind="anexo", actor=coord, source="intake:x")
    client.force_login(coord)
    first = client.get(reverse("caserecord:access-log"))
    assert len(first.context["page"].object_list) == 50
    assert len(client.get(reverse("caserecord:access-log"), {"page": 2})
               .context["page"].object_list) == 1


def test_exporting_the_log_is_logged_too(client):
    coord, back, case = _log_world()
    client.force_login(coord)
    response = client.get(reverse("caserecord:access-log-export"), {"persona": back.pk})
    rows = _csv_rows(response)
    assert len(rows) == 3 and rows[0][1] == "usuario"
    assert {r[1] for r in rows[1:]} == {"gestora"}
    trace = DataAccess.objects.order_by("-pk").first()
    assert (trace.actor, trace.kind, trace.rows) == (coord, "registro", 2)
    assert trace.data["filters"] == {"persona": [str(back.pk)]}


# --- the log itself is append-only ---------------------------------------------------

def test_log_rows_cannot_be_changed_or_deleted():
    row = data_access_record(kind="anexo", actor=None, source="intake:x", rows=1)
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
    for statement in ("UPDATE caserecord_dataaccess SET rows = 0 WHERE id = %s",
                      "DELETE FROM caserecord_dataaccess WHERE id = %s"):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [row.pk])
    row.refresh_from_db()
    assert row.rows == 1


def test_the_case_list_export_answers_the_coordinator_alone(client):
    """The row the permission matrix cannot hold (a list named in the query): every role."""
    make_case()
    answers = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(make_user(ROLE_OF[role], username=f"x-{role}"))
        response = client.get(reverse("reports:export"), CASES_CSV)
        if response.streaming:
            _body(response)
        answers[role] = response.status_code
    assert {r for r, status in answers.items() if status == 200} == {"coordinador"}
    assert answers["anonymous"] == 302
    assert set(answers.values()) == {200, 302, 403}
    assert DataAccess.objects.get().actor.username == "x-coordinador"
