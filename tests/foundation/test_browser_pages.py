"""
Headless Chromium at 360 px: every page every role may open fits the phone.

The pages and who may open them come from the URL resolver and the permission
matrix (tests/foundation/test_permission_matrix.py), with the objects its world
builds: one visit per URL name per role whose declared status is 200. A page
fits when `document.documentElement.scrollWidth <= 360` (a table may scroll
inside its own container, never the page). Screenshots of each role's landing
page go to var/test-output/.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.foundation.test_permission_matrix import (
    ROLES,
    _build_world,
    _url,
    expected_for,
    url_patterns,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 360
# A Tuesday morning in Bogotá: the world and the pages are built at this instant.
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("America/Bogota"))
# Pages that are files, not screens (PDFs, exports, photos): nothing to lay out.
NOT_HTML = ("pdf", "export", "download", "photo", "evidence", "receipt", "healthz",
            "aviso-pdf")


def _pages_for(role: str, kwargs: dict) -> list[tuple[str, str]]:
    pages = []
    for name, pattern in sorted(url_patterns(), key=lambda p: p[0]):
        if name.startswith("admin:") or name.split(":")[-1].endswith(NOT_HTML):
            continue
        if expected_for(name)[role] == 200:
            pages.append((name, _url(name, pattern, kwargs)))
    return pages


def _session_cookie(user, base_url: str) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base_url}


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def test_every_page_of_every_role_fits_a_360_px_phone(browser, live_server, output_dir,
                                                     settings, tmp_path, frozen):
    settings.MEDIA_ROOT = tmp_path / "media"
    with transaction.atomic():  # as in the matrix test (number_next needs one)
        world = _build_world()
    too_wide, broken = [], []
    for role in ROLES:
        context = browser.new_context(viewport={"width": PHONE, "height": 780},
                                      locale="es-CO", timezone_id="America/Bogota")
        if role != "anonymous":
            context.add_cookies([_session_cookie(world["users"][role], live_server.url)])
        page = context.new_page()
        for name, url in _pages_for(role, world["kwargs"]):
            response = page.goto(live_server.url + url)
            if response is None or response.status != 200:
                broken.append(f"{role} {name}: {response and response.status}")
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE:
                too_wide.append(f"{role} {name} {url}: {width} px")
                page.screenshot(path=os.path.join(
                    output_dir, f"too-wide-{role}-{name.replace(':', '-')}.png"), full_page=True)
        page.goto(live_server.url + "/")
        page.screenshot(path=os.path.join(output_dir, f"home-{role}-{PHONE}.png"),
                        full_page=True)
        context.close()
    assert not broken, "\n".join(broken)
    assert not too_wide, "pages wider than the phone:\n" + "\n".join(too_wide)
