"""
Headless Chromium walks every page of every role at 360 px (a phone) and 1366 px (a desk).

The pages and who may open them come from the URL resolver and the permission
matrix (tests/foundation/test_permission_matrix.py), with the objects its world
builds: one visit per URL name per role whose declared status is 200. On each
HTML page, at both widths:

- it fits: `document.documentElement.scrollWidth <= width` (a table may scroll
  inside its own container, never the page);
- axe-core (axe-playwright-python bundles it) finds no serious or critical
  violation: on every page of every role at 360 px (what each role sees differs:
  buttons, panels, menus), and at 1366 px too for the role that sees the most of
  the page (AXE_ORDER: the coordinador's case page has every button and panel the
  others have). axe is the slow part of the walk; PAGE_WALK_AXE=every-role runs it
  for every role at both widths;
- at 1366 px every menu entry is on screen;
- and, once per page, no English from Django's default messages
  (tests/foundation/test_no_english.py's list) and no console error (a script
  error, a failed resource, a Content-Security-Policy violation).

Screenshots of each role's main pages (its menu entries, its landing page; the
citizens' pages for anonymous visitors) go to $TEST_OUTPUT_DIR/screenshots/
<role>-<page>-<width>.png. One browser context per role; the roles are separate
tests, so pytest-xdist spreads them over its workers.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import transaction
from django.test import Client

from pqr_portal.context_processors import nav_items_for
from tests.conftest import bogota_context
from tests.foundation.test_no_english import ENGLISH
from tests.foundation.test_permission_matrix import (
    ROLES,
    _build_world,
    _url,
    expected_for,
    url_patterns,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1366)
# A Tuesday morning in Bogotá: the world and the pages are built at this instant.
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("America/Bogota"))
# Pages that are files, not screens (PDFs, exports, photos): nothing to lay out.
# htmx fragments, put into a page by the page's own script.
FRAGMENTS = {"intake:duplicate-check"}
NOT_HTML = ("pdf", "export", "download", "photo", "evidence", "receipt", "healthz",
            "aviso-pdf")
# The main pages of a visitor without an account.
CITIZEN_PAGES = {"home", "public:file", "public:track", "public:privacy", "login",
                 "responses_public:avisos", "responses_public:verify-form",
                 "habeas_public:request"}
SERIOUS = {"serious", "critical"}
AXE_ORDER = ("coordinador", "back_office", "front_office", "auxiliar", "gerente", "brigadista",
             "anonymous")
AXE_EVERY_ROLE = os.environ.get("PAGE_WALK_AXE") == "every-role"
# On a desk every menu entry is on screen (a phone may scroll the menu bar sideways).
MENU_OFF_SCREEN = """[...document.querySelectorAll('.site-nav a')]
    .filter(a => a.getBoundingClientRect().right > window.innerWidth)
    .map(a => a.textContent)"""
AXE = Axe()  # only for its bundled axe.min.js


def _pages_for(role: str, kwargs: dict) -> list[tuple[str, str]]:
    pages = []
    for name, pattern in sorted(url_patterns(), key=lambda p: p[0]):
        if (name.startswith("admin:") or name in FRAGMENTS
                or name.split(":")[-1].endswith(NOT_HTML)):
            continue
        if expected_for(name)[role] == 200:
            pages.append((name, _url(name, pattern, kwargs)))
    return pages


def _axe_checks(role: str, name: str, width: int) -> bool:
    """Whether `role` runs axe-core on page `name` at `width`: every role on a phone, and
    on a desk the first role of AXE_ORDER that opens the page."""
    statuses = expected_for(name)
    return (AXE_EVERY_ROLE or width == WIDTHS[0]
            or next(r for r in AXE_ORDER if statuses[r] == 200) == role)


def _main_pages(role: str, user) -> set[str]:
    if user is None:
        return CITIZEN_PAGES
    return {name for name, _label in nav_items_for(user)} | {f"work:{role.replace('_', '-')}"}


def _session_cookie(user, base_url: str) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base_url}


def axe_serious(page) -> list[str]:
    """The serious and critical axe-core violations of the page, one line each.

    axe-core is put in the page once per load (it is 500 kB of script) and run as often
    as asked: after a resize it checks the page as laid out then.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.axe_script)
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})"
                               ".then(results => results.violations)")
    found = []
    for violation in violations:
        if violation["impact"] not in SERIOUS:
            continue
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}, "
                     f"{len(violation['nodes'])}×): {targets}")
    return found


def english_in(page) -> str | None:
    html = re.sub(r"<script.*?</script>", "", page.content(), flags=re.S)
    found = ENGLISH.search(html)
    return found.group(0) if found else None


def console_errors(page) -> list[str]:
    """Start collecting the page's console errors and uncaught exceptions into a list."""
    errors: list[str] = []

    def on_console(msg):
        url = msg.location.get("url", "")
        # /favicon.ico: the browser's own request, answered by the favicon of another
        # branch (small UI fixes); every other failed resource counts.
        if msg.type == "error" and not url.endswith("/favicon.ico"):
            errors.append(f"{msg.text} {url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


# The roles that open the most pages have their walk cut in parts, so pytest-xdist spreads
# it over the workers instead of one worker walking ninety pages while the other waits.
WALK_PARTS = {"coordinador": 3, "back_office": 2, "front_office": 2, "gerente": 2, "auxiliar": 2}
WALKS = [(role, part) for role in ROLES for part in range(WALK_PARTS.get(role, 1))]


@pytest.mark.parametrize(("role", "part"), WALKS, ids=[f"{r}-{p}" for r, p in WALKS])
def test_every_page_of_the_role_fits_is_accessible_and_spanish(
        role, part, browser, live_server, output_dir, settings, tmp_path, frozen):
    settings.MEDIA_ROOT = tmp_path / "media"
    with transaction.atomic():  # as in the matrix test (number_next needs one)
        world = _build_world()
    user = world["users"].get(role)
    shots = os.path.join(output_dir, "screenshots")
    os.makedirs(shots, exist_ok=True)
    main = _main_pages(role, user)
    problems: list[str] = []

    context = bogota_context(browser, WIDTHS[0])
    if user is not None:
        context.add_cookies([_session_cookie(user, live_server.url)])
    page = context.new_page()
    errors = console_errors(page)
    for name, url in _pages_for(role, world["kwargs"])[part::WALK_PARTS.get(role, 1)]:
        errors.clear()
        page.set_viewport_size({"width": WIDTHS[0], "height": 780})
        response = page.goto(live_server.url + url)
        if response is None or response.status != 200:
            problems.append(f"{name}: status {response and response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        where = f"{name} {url}"
        english = english_in(page)
        if english:
            problems.append(f"{where}: English {english!r}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 780 if width < 1000 else 900})
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{where} at {width} px: {scroll} px wide")
            if width == WIDTHS[-1]:
                hidden = page.evaluate(MENU_OFF_SCREEN)
                if hidden:
                    problems.append(f"{where} at {width} px: menu entries off screen {hidden}")
            for violation in axe_serious(page) if _axe_checks(role, name, width) else ():
                problems.append(f"{where} at {width} px: axe {violation}")
            if name in main or scroll > width:
                page.screenshot(path=os.path.join(
                    shots, f"{role}-{name.replace(':', '-')}-{width}.png"), full_page=True)
        page.wait_for_load_state("load")
        problems.extend(f"{where}: console {error}" for error in errors)
    context.close()
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_the_walk_sees_console_errors_and_axe_violations(page, live_server):
    """The checks of the walk are not blind: a broken page trips each of them."""
    errors = console_errors(page)
    page.goto(live_server.url + "/pqr/")
    page.set_content('<html lang="es"><body><main><img src="x.png">'
                     '<input type="text"><a href="#"></a></main></body></html>')
    page.evaluate("setTimeout(() => { throw new Error('roto') }, 0)")
    page.wait_for_timeout(50)
    found = " ".join(axe_serious(page))
    assert "image-alt" in found and "label" in found and "link-name" in found
    assert any("roto" in e for e in errors)
