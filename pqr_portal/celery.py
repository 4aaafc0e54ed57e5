"""Celery application: configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pqr_portal.settings")

app = Celery("pqr_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="pqr_portal.ping", ignore_result=False)
def ping() -> str:
    """Answer 'pong': proves a worker is consuming from the broker."""
    return "pong"
