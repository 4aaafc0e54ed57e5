"""Settings: the embedded default with no environment, and the production shape."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(code: str, env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "SMTP_", "REDIS_URL"))}
    base.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=60)


SHOW = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='pqr_portal.settings'; django.setup();"
    "from django.conf import settings as s;"
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
    " s.MAILERS['default']['BACKEND'], s.ALLOWED_HOSTS, s.TIME_ZONE, s.LANGUAGE_CODE, s.USE_TZ)"
)


def test_embedded_default_needs_no_environment():
    result = _run(SHOW, {})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "True django.db.backends.sqlite3 True" in out
    assert "console.EmailBackend" in out
    assert "['127.0.0.1', 'localhost'] America/Bogota es-co True" in out


def test_production_shape_refuses_to_start_without_a_secret_key():
    result = _run(SHOW, {"DATABASE_URL": "postgres://u@127.0.0.1:1/x"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_shape_uses_its_services():
    result = _run(SHOW, {"DATABASE_URL": "postgres://u@127.0.0.1:1/x", "DJANGO_SECRET_KEY": "s" * 50,
                         "CELERY_BROKER_URL": "redis://127.0.0.1:1/0", "SMTP_HOST": "smtp.example.co",
                         "DJANGO_ALLOWED_HOSTS": "pqr.example.co"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False django.db.backends.postgresql False")
    assert "smtp.EmailBackend" in result.stdout
    assert "['pqr.example.co']" in result.stdout


@pytest.mark.parametrize("flag", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"])
def test_production_shape_is_secure(flag):
    code = SHOW.split("from django.conf")[0] + f"from django.conf import settings as s; print(s.{flag}, s.SECURE_HSTS_SECONDS > 0, bool(s.SECURE_CSP))"
    result = _run(code, {"DATABASE_URL": "postgres://u@127.0.0.1:1/x", "DJANGO_SECRET_KEY": "s" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True True"


DEV_KEY = "embedded-only-not-a-secret-" + "x" * 40


@pytest.mark.parametrize("env", [
    # The production shape with DEBUG forced on: the development key used to sign here.
    {"DATABASE_URL": "postgres://u@127.0.0.1:1/x", "DJANGO_DEBUG": "true"},
    # DEBUG off on SQLite (e.g. check --deploy): no key is no key.
    {"DJANGO_DEBUG": "false"},
])
def test_outside_the_embedded_default_there_is_no_built_in_key(env):
    result = _run(SHOW, env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize("env", [
    {"DATABASE_URL": "postgres://u@127.0.0.1:1/x"},
    {"DATABASE_URL": "postgres://u@127.0.0.1:1/x", "DJANGO_DEBUG": "true"},
    {"DJANGO_DEBUG": "false"},
])
def test_the_published_development_key_is_refused_outside_the_embedded_default(env):
    result = _run(SHOW, {**env, "DJANGO_SECRET_KEY": DEV_KEY})
    assert result.returncode != 0
    assert "published development key" in result.stderr


def test_the_embedded_default_signs_with_the_development_key_only_there():
    code = SHOW.split("from django.conf")[0] + "from django.conf import settings as s; print(s.SECRET_KEY)"
    result = _run(code, {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEV_KEY


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """JIT compiling cost 30-50 ms on searches over a million cases (docs/benchmarks.md)."""
    from django.db import connection

    # The suite runs on PostgreSQL only (the test command starts it).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
