"""Test settings: the real PostgreSQL and Redis started by scripts/test.sh."""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-" + "k" * 50)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from pqr_portal.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Not eager: Celery's docs call eager mode unsuitable for tests. Tests call task
# bodies directly or capture on_commit; the integration test uses a real worker.
CELERY_TASK_ALWAYS_EAGER = False
# The demo and test users log in with a password only; tests of the second factor
# turn PQR_OTP_REQUIRED on (tests/security/test_staff_login.py).
PQR_OTP_REQUIRED = False
# Tests travel in time for days inside one login: the idle timeout and the 12-hour
# session would log them out. tests/security/test_staff_login.py sets them back.
PQR_SESSION_IDLE_MINUTES = 60 * 24 * 365 * 10
SESSION_COOKIE_AGE = 60 * 60 * 24 * 365 * 10

# pytest-xdist runs one process per worker (gw0, gw1, ...), each with its own test
# database (pytest-django). Redis gets the same treatment: worker n shifts every Redis
# database number by 3 * n (broker 0, cache 1, Celery results 2 -> 3, 4, 5 for gw1), so
# cache.clear() (FLUSHDB) or a broker purge in one worker never touches another's keys.
# scripts/services.sh starts Redis with 64 databases.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
REDIS_DB_SHIFT = 3 * int(XDIST_WORKER[2:]) if XDIST_WORKER.startswith("gw") else 0


def _redis_db(url: str, shift: int) -> str:
    if not url or not shift:
        return url
    base, _, db = url.rpartition("/")
    return f"{base}/{int(db or 0) + shift}"


CELERY_BROKER_URL = _redis_db(CELERY_BROKER_URL, REDIS_DB_SHIFT)  # noqa: F405
if CELERY_BROKER_URL:
    # Celery reads the CELERY_BROKER_URL environment variable before its configuration.
    os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
if REDIS_URL:  # noqa: F405
    CACHES["default"]["LOCATION"] = _redis_db(REDIS_URL, REDIS_DB_SHIFT)  # noqa: F405
