"""{{ obj|display:"field" }} shows what get_FOO_display() shows, in the active language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from intake.choices import CaseKind, Channel
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def _render(case) -> str:
    return Template('{% load pqr_choices %}{{ case|display:"kind" }}|{{ case|display:"status" }}'
                    '|{{ case.response_term|display:"band" }}').render(Context({"case": case}))


def test_display_is_the_choice_label_in_the_active_language():
    case = make_case(kind=CaseKind.PETICION, channel=Channel.WEB)
    expected = (f"{case.get_kind_display()}|{case.get_status_display()}"
                f"|{case.response_term.get_band_display()}")
    assert _render(case) == expected
    with translation.override("es-co"):
        assert _render(case).startswith("Petición|")
    case.kind = "no-such-kind"                 # a value outside the choices shows as it is
    assert _render(case).startswith("no-such-kind|")


def test_display_of_nothing_is_empty():
    assert Template('{% load pqr_choices %}[{{ none|display:"kind" }}]').render(
        Context({"none": None})) == "[]"
