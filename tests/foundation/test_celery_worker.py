"""A real Celery worker consumes from the real Redis started by the test command."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from pqr_portal.celery import app

pytestmark = [pytest.mark.integration]


def _forget_cached_backend(app):
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture(scope="module")
def celery_worker_on_redis():
    assert os.environ.get("CELERY_BROKER_URL"), \
        "the test command must start Redis and export CELERY_BROKER_URL"
    # settings_test gives each pytest-xdist worker its own Redis databases; the results
    # go two databases after this worker's broker.
    broker = settings.CELERY_BROKER_URL
    base, _, db = broker.rpartition("/")
    app.conf.update(broker_url=broker, result_backend=f"{base}/{int(db) + 2}",
                    task_always_eager=False, task_ignore_result=False)
    _forget_cached_backend(app)  # one cached before the result backend was set
    # Earlier tests may have queued tasks for rows of their own (rolled back) data.
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app
    app.conf.update(result_backend=None, task_ignore_result=True)
    _forget_cached_backend(app)


def test_a_task_runs_in_a_real_worker_process(celery_worker_on_redis):
    result = celery_worker_on_redis.send_task("pqr_portal.ping")
    assert result.get(timeout=20) == "pong"


@pytest.mark.django_db(transaction=True)
def test_the_outbox_email_is_sent_by_the_worker(celery_worker_on_redis):
    from django.db import transaction

    from caserecord.models import OutgoingEmail
    from caserecord.outbox import email_enqueue

    with transaction.atomic():
        email = email_enqueue(to="ciudadano@example.com", subject="Prueba", body="Hola")
    # on_commit handed it to the broker; the worker sends it.
    import time

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == OutgoingEmail.Status.SENT:
            break
        time.sleep(0.2)
    assert email.status == OutgoingEmail.Status.SENT
