import os
from datetime import UTC, datetime

import pytest
import time_machine

from pqr_portal.roles import Role
from tests.factories import make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
TEST_OUTPUT_DIR = os.environ.get("TEST_OUTPUT_DIR", os.path.join(os.getcwd(), "var", "test-output"))


# --- Shifted clock (scripts/test.sh's second run) -----------------------------------
# `pytest --clock=2026-12-08T04:30:00Z` runs the whole session with the clock of the test
# process (every thread: live_server, the in-process Celery worker) moved to that
# instant and ticking. Tests that freeze their own clock (time_machine.travel, the
# time_machine fixture) nest inside it and win while they run. pytest-xdist passes the
# option to every worker. Chromium's own clock is not moved.

def pytest_addoption(parser):
    parser.addoption("--clock", metavar="ISO-8601", default=None,
                     help="run the session with the clock moved to this instant (ticking)")


def _clock_instant(raw: str) -> datetime:
    instant = datetime.fromisoformat(raw)
    if instant.tzinfo is None:
        raise pytest.UsageError("--clock needs an offset or Z, e.g. 2026-12-08T04:30:00Z")
    return instant.astimezone(UTC)


def pytest_configure(config):
    raw = config.getoption("--clock")
    if raw:
        # A timestamp, not a datetime: time-machine would set the process's TZ to the
        # datetime's zone (UTC), while Django runs it on TIME_ZONE (America/Bogota).
        traveller = time_machine.travel(_clock_instant(raw).timestamp(), tick=True)
        traveller.start()
        config._pqr_clock = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_pqr_clock", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    raw = config.getoption("--clock")
    if raw:
        from zoneinfo import ZoneInfo

        bogota = _clock_instant(raw).astimezone(ZoneInfo("America/Bogota"))
        return f"shifted clock: {raw} = {bogota:%A %Y-%m-%d %H:%M} in Bogotá"
    return None


@pytest.fixture
def coordinador(db):
    return make_user(Role.COORDINADOR, username="coord")


@pytest.fixture
def front_office(db):
    return make_user(Role.FRONT_OFFICE, username="front")


@pytest.fixture
def back_office(db):
    return make_user(Role.BACK_OFFICE, username="back")


@pytest.fixture
def brigadista(db):
    return make_user(Role.BRIGADISTA, username="brig")


@pytest.fixture
def auxiliar(db):
    return make_user(Role.AUXILIAR, username="aux")


@pytest.fixture
def gerente(db):
    return make_user(Role.GERENTE, username="gerente")


@pytest.fixture
def output_dir():
    os.makedirs(TEST_OUTPUT_DIR, exist_ok=True)
    return TEST_OUTPUT_DIR


# --- Browser (Debian's Chromium, never a downloaded browser) -------------------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
    }


def bogota_context(browser, width: int | None = None, height: int | None = None, **options):
    """A browser context as an office user has it: Spanish (Colombia), Bogotá's time zone,
    and, when `width` is given, a window that wide (height: 780 on a phone, 900 on a desk)."""
    if width is not None:
        options["viewport"] = {"width": width, "height": height or (780 if width < 1000 else 900)}
    return browser.new_context(locale="es-CO", timezone_id="America/Bogota", **options)


@pytest.fixture
def phone_page(browser):
    """A page the size of a phone (390 x 844)."""
    context = bogota_context(browser, 390, 844)
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, username, password="clave-segura-123"):
    """Log a user in through the real login form."""
    page.goto(f"{live_server.url}/cuenta/login/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()


# --- Catalogues in transactional tests ------------------------------------------
# Transactional tests (live_server, real workers, concurrency) end with a flush that
# also deletes the catalogues seeded by data migrations. post_migrate recreates the
# role groups; this puts the catalogues back before each such test, whatever ran before.

# Data migrations with an idempotent seed(apps, schema_editor) function.
SEED_MIGRATIONS = (
    "compliance.migrations.0003_seed_term_rules",
    "compliance.migrations.0004_seed_checklists",
    "compliance.migrations.0006_seed_habeas_data_rules",
    "intake.migrations.0002_seed_catalogues_and_roles",
    "responses.migrations.0002_seed_templates",
    "archive.migrations.0002_seed_retention_table",
)


def ensure_catalogues():
    import importlib

    from django.apps import apps as django_apps

    from pqr_portal.roles_sync import sync_role_permissions

    for module in SEED_MIGRATIONS:
        importlib.import_module(module).seed(django_apps, None)
    sync_role_permissions()


@pytest.fixture(autouse=True)
def _catalogues_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and (marker.kwargs.get("transaction")
                                             or marker.kwargs.get("serialized_rollback"))) \
        or "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_catalogues()


@pytest.fixture(autouse=True)
def _fresh_catalogue_cache():
    """A rolled-back test must not leave its term rules or closures cached for the next."""
    from compliance.clock import catalogue_cache_clear
    from intake import catalogue_cache

    catalogue_cache_clear()
    catalogue_cache.clear()
    yield
    catalogue_cache_clear()
    catalogue_cache.clear()
