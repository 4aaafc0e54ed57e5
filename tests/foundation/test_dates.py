"""Dates the Colombian way: lower-case names, "a. m."/"p. m.", windows in one phrase."""

from datetime import date, datetime, time

import pytest
from django.template import Context, Template
from django.utils.formats import date_format, time_format

from compliance.terms import BOGOTA
from pqr_portal.dates import clock, long_date, long_datetime, time_window


def test_long_date_and_clock():
    assert long_date(date(2026, 12, 2)) == "miércoles 2 de diciembre de 2026"
    assert long_date("2026-12-02") == "miércoles 2 de diciembre de 2026"
    assert long_date("02/12/2026", weekday=False) == "2 de diciembre de 2026"
    assert clock(time(9, 0)) == "9:00 a. m."
    assert clock("14:30:00") == "2:30 p. m."
    assert clock(time(0, 5)) == "12:05 a. m." and clock(time(12, 0)) == "12:00 p. m."
    assert long_datetime(datetime(2026, 12, 2, 20, 15, tzinfo=BOGOTA)) == \
        "2 de diciembre de 2026, 8:15 p. m."


def test_a_visit_window_reads_as_one_phrase():
    assert time_window(date(2026, 12, 2), time(9), time(11)) == \
        "miércoles 2 de diciembre de 2026, de 9:00 a. m. a 11:00 a. m."


def test_template_filters():
    html = Template("{% load pqr_dates %}{{ d|long_date }} · {{ t|clock }} · "
                    "{% time_window d t e %}").render(
        Context({"d": date(2026, 1, 5), "t": time(15), "e": time(17, 30)}))
    assert html == ("lunes 5 de enero de 2026 · 3:00 p. m. · "
                    "lunes 5 de enero de 2026, de 3:00 p. m. a 5:30 p. m.")


@pytest.mark.parametrize("fmt", ["DATE_FORMAT", "DATETIME_FORMAT"])
def test_django_formats_are_colombian_with_the_compiled_translations(fmt):
    """The project's formats and locale/es_CO: no capitals, no AM/PM (needs compilemessages)."""
    text = date_format(datetime(2026, 12, 2, 9, 0), fmt)
    assert "diciembre" in text and "Diciembre" not in text
    if fmt == "DATETIME_FORMAT":
        assert text == "2 de diciembre de 2026, 9:00 a. m."
    assert time_format(time(15, 0)) == "3:00 p. m."
    assert date_format(date(2026, 12, 2), "l") == "miércoles"
