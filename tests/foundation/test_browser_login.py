"""Headless Chromium (Debian's): the coordinator logs in and sees their page."""

import os

import pytest

from pqr_portal.roles import Role
from tests.conftest import login
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_logs_in_and_sees_their_page(page, live_server, output_dir):
    make_user(Role.COORDINADOR, username="claudia", first_name="Claudia", last_name="Restrepo")
    # The root is the citizens' home; staff reach their login from a link on it.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Ingreso de funcionarios").click()
    assert page.locator('input[type="password"]').count() == 1
    login(page, live_server, "claudia")
    page.wait_for_url("**/trabajo/coordinacion/")
    assert page.get_by_role("heading", level=1).inner_text() == "Coordinación del proceso"
    assert "Claudia Restrepo" in page.locator(".user-box").inner_text()
    assert "Coordinador de proceso" in page.locator(".user-box").inner_text()
    page.screenshot(path=os.path.join(output_dir, "coordinador-login.png"), full_page=True)


def test_phone_layout_has_no_horizontal_scroll(phone_page, live_server):
    make_user(Role.FRONT_OFFICE, username="andres")
    login(phone_page, live_server, "andres")
    phone_page.wait_for_url("**/trabajo/front-office/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
