"""/healthz: database and broker status."""

from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


@pytest.mark.integration
def test_healthy_with_the_real_database_and_broker(client, settings):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body == {"status": "ok", "database": "ok", "broker": "ok"}


def test_503_when_the_database_is_unreachable_without_naming_the_exception(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "broker": "ok"}
    assert b"OperationalError" not in response.content


def test_an_anonymous_caller_never_sees_the_broker_exception(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}
    assert b"Error" not in response.content and b"Exception" not in response.content


def test_admin_staff_see_which_exception(client, settings, django_user_model):
    staff = django_user_model.objects.create_user("soporte", password="x" * 12, is_staff=True)
    client.force_login(staff)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] not in ("ok", "error")


def test_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] != "ok"
