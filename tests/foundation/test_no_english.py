"""No English reaches a page: every role's menu pages and the filing forms, rendered."""

import re
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from compliance.terms import BOGOTA
from pqr_portal.context_processors import nav_items_for
from pqr_portal.roles import Role
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db

# Django's default messages and words that leak when a translation is missing.
ENGLISH = re.compile(
    r"Select an option|>\s*Search\b|\bSubmit\b|This field is required|Enter a valid|"
    r"\bPassword\b|\b(January|February|March|April|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    r"\b\d{1,2}:\d{2} ?(AM|PM)\b|[Dd]iciembre de|Miércoles \d")
# Menu pages and forms whose empty selects and labels users see first.
EXTRA_PAGES = {Role.FRONT_OFFICE: ["intake:register", "intake:quick-answer"],
               Role.CIUDADANO: ["public:file", "public:track", "public:privacy", "login"]}


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM])
def test_main_pages_of_every_role_are_spanish(client, role):
    user = make_user(role, username=f"u-{role.value}")
    with time_machine.travel(datetime(2026, 12, 2, 10, tzinfo=BOGOTA), tick=False):
        make_case()
        if role != Role.CIUDADANO:  # citizens use the public pages without an account
            client.force_login(user)
        names = [name for name, _label in nav_items_for(user)] + EXTRA_PAGES.get(role, [])
        assert names, "every role has a page"
        for name in names:
            response = client.get(reverse(name), follow=True)
            assert response.status_code == 200, name
            html = response.content.decode()
            found = ENGLISH.search(re.sub(r"<script.*?</script>", "", html, flags=re.S))
            assert found is None, f"{name}: {found.group(0)!r}"


def test_the_case_form_selects_say_what_to_choose(client):
    client.force_login(make_user(Role.FRONT_OFFICE, username="front-x"))
    html = client.get(reverse("intake:register")).content.decode()
    assert "Elija el municipio…" in html and "Elija la causal…" in html
    assert "Select an option" not in html and "---------" not in html
