"""
The constancia after commit: the case is saved whatever fails (mail server,
broker, PDF renderer), and the beat retry finishes the job later.
"""

import io
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from kombu.exceptions import OperationalError
from pypdf import PdfReader

from caserecord import tasks as outbox_tasks
from caserecord.models import OutgoingEmail
from intake import pdf, tasks
from intake.models import Attachment, Case, Municipality
from intake.services import receipts
from tests.factories import make_case

pytestmark = pytest.mark.django_db

URL = "/pqr/radicar/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def valid_data(**overrides):
    data = {
        "kind": "peticion", "causal": "", "description": "Solicito la revisión del medidor de mi casa.",
        "id_type": "CE", "id_number": "456789", "first_name": "Ana", "last_name": "Ruiz",
        "phone": "3109876543", "email": "ana.ruiz@example.com", "address": "Carrera 8 # 3-21",
        "municipality": str(Municipality.objects.get(dane_code="47001").pk),
        "notify_by": "email", "electronic_consent": "on", "data_consent": "on",
    }
    data.update(overrides)
    return data


def worker(task):
    def run(**kwargs):
        try:
            task(**kwargs)
        except Exception:  # noqa: BLE001 - a worker logs and moves on
            pass
    return run


def beat_retry():
    """The two beat entries that run every 5 minutes, in their order: receipts, then outbox."""
    tasks.retry_pending_receipts_task()
    return outbox_tasks.retry_pending_emails_task()


def file_with(client, django_capture_on_commit_callbacks, *, receipt_delay=None):
    """POST the form and run the after-commit callbacks like a worker would."""
    receipt_delay = receipt_delay or worker(tasks.receipt_issue_task)
    with (
        mock.patch.object(tasks.receipt_issue_task, "delay", side_effect=receipt_delay),
        mock.patch.object(outbox_tasks.send_outgoing_email_task, "delay",
                          side_effect=worker(outbox_tasks.send_outgoing_email_task)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(URL, valid_data())
    assert response.status_code == 302
    return Case.objects.get()


def later(minutes=3):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_mail_server_down_case_saved_then_retry_sends(client, django_capture_on_commit_callbacks):
    with mock.patch("django.core.mail.EmailMultiAlternatives.send",
                    side_effect=smtplib.SMTPConnectError(421, "down")):
        case = file_with(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 0
    row = OutgoingEmail.objects.get(case=case)
    assert row.status == OutgoingEmail.Status.FAILED and "SMTPConnectError" in row.last_error
    case.refresh_from_db()
    assert case.receipt_sent_at is not None  # PDF stored, e-mail safe in the outbox

    # The beat retry (every 5 minutes) sends it once the server is back.
    beat_retry()
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments[0][2] == "application/pdf"
    # Running it again sends nothing twice.
    beat_retry()
    assert len(mail.outbox) == 1


def test_broker_down_case_saved_then_retry_issues_the_receipt(client,
                                                              django_capture_on_commit_callbacks):
    down = mock.Mock(side_effect=OperationalError("Error 111 connecting to redis"))
    case = file_with(client, django_capture_on_commit_callbacks, receipt_delay=down)
    assert down.call_count == 1
    assert case.receipt_sent_at is None
    assert not OutgoingEmail.objects.exists()
    assert not case.attachments.filter(kind=Attachment.Kind.CONSTANCIA).exists()

    # Too recent for the sweep: the first attempt may still be running.
    beat_retry()
    case.refresh_from_db()
    assert case.receipt_sent_at is None

    with later(), mock.patch.object(outbox_tasks.send_outgoing_email_task, "delay",
                                     side_effect=OperationalError("still down")):
        beat_retry()
    case.refresh_from_db()
    assert case.receipt_sent_at is not None
    assert case.attachments.filter(kind=Attachment.Kind.CONSTANCIA).count() == 1
    assert len(mail.outbox) == 1
    assert case.radicado in mail.outbox[0].subject


def test_renderer_failure_case_saved_then_retry_renders(client, django_capture_on_commit_callbacks):
    with mock.patch.object(pdf, "render_receipt", side_effect=RuntimeError("pango crashed")):
        case = file_with(client, django_capture_on_commit_callbacks)
        assert case.receipt_sent_at is None
        assert not OutgoingEmail.objects.exists()
        with later():
            # Still failing: the sweep logs it and keeps the case pending.
            assert receipts.receipts_retry_pending() == 0
    case.refresh_from_db()
    assert case.receipt_sent_at is None

    with later():
        beat_retry()
    case.refresh_from_db()
    assert case.receipt_sent_at is not None
    assert len(mail.outbox) == 1
    content = mail.outbox[0].attachments[0][1]
    assert case.radicado in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_receipt_issue_is_idempotent(client, django_capture_on_commit_callbacks):
    case = file_with(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert receipts.receipt_issue(case_id=case.pk) is True
    assert case.attachments.filter(kind=Attachment.Kind.CONSTANCIA).count() == 1
    assert OutgoingEmail.objects.filter(case=case).count() == 1
    assert case.events.filter(kind="case.receipt_issued").count() == 1


def test_receipt_without_email_is_stored_and_not_sent():
    case = make_case(notify_by="postal")
    case.customer.email = ""
    case.customer.save()
    receipts.receipt_issue(case_id=case.pk)
    case.refresh_from_db()
    assert case.receipt_sent_at is not None
    assert case.attachments.filter(kind=Attachment.Kind.CONSTANCIA).exists()
    assert not OutgoingEmail.objects.exists()


def test_sweep_ignores_old_and_counter_cases():
    old = make_case()
    counter = make_case(channel="presencial")
    Case.objects.filter(pk=old.pk).update(filed_at=timezone.now() - timedelta(days=30))
    with later():
        assert receipts.receipts_retry_pending() == 0
    assert Case.objects.filter(pk__in=[old.pk, counter.pk], receipt_sent_at__isnull=True).count() == 2


def test_render_receipt_is_pure_and_readable():
    case = make_case(channel="presencial", verbal_record="Dictado en ventanilla")
    content = pdf.render_receipt(case)
    assert content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert case.radicado in text and case.tracking_code in text
    assert "verbal" in text
    assert str(case.response_term.due_date.year) in text
    # Rendering stores nothing.
    assert not case.attachments.exists()


def test_embedded_default_runs_the_receipt_in_process(client, django_capture_on_commit_callbacks):
    """With no broker (make run), Celery runs tasks eagerly: no mocks needed."""
    from pqr_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, valid_data())
    finally:
        app.conf.task_always_eager = previous
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.receipt_sent_at is not None
    assert len(mail.outbox) == 1 and case.radicado in mail.outbox[0].subject


# --- the real stack: Redis broker and a Celery worker ----------------------------

@pytest.fixture(scope="module")
def real_worker():
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from pqr_portal.celery import app

    # settings_test, not the environment: each pytest-xdist worker has its own broker
    # database, so this worker never consumes another test process's tasks.
    broker = settings.CELERY_BROKER_URL
    assert broker, "the test command must start Redis and export CELERY_BROKER_URL"
    app.conf.update(broker_url=broker, task_always_eager=False)
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app
    # Celery caches its result backend on first use: drop it, so a later test
    # that configures a result backend gets the one it asked for.
    app._backend_cache = None
    vars(app._local).pop("backend", None)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_issues_and_mails_the_receipt_after_commit(client, real_worker):
    import time

    response = client.post(URL, valid_data())
    assert response.status_code == 302
    case = Case.objects.get()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        case.refresh_from_db()
        sent = OutgoingEmail.objects.filter(case=case, status=OutgoingEmail.Status.SENT).exists()
        if case.receipt_sent_at and sent:
            break
        time.sleep(0.2)
    assert case.receipt_sent_at is not None
    assert OutgoingEmail.objects.get(case=case).status == OutgoingEmail.Status.SENT
    assert any(case.radicado in m.subject for m in mail.outbox)
