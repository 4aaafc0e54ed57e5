"""
archive.selectors.cases_retention: the one answer to "how long must this case be
kept" (read by the habeas suppression): the archived expediente's stored dates,
else the TRD series of the case's kind, else settings.PQR_RETENTION_YEARS.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import selectors, services
from archive.models import RetentionSeries
from intake.choices import CaseKind
from tests.archive.helpers import closed_case
from tests.factories import make_case

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
# 20:30 in Bogotá on 27 February is already 28 February in UTC: the closing day is Bogotá's.
CLOSED_AT = datetime(2026, 2, 27, 20, 30, tzinfo=BOGOTA)


def _closed(**kwargs):
    with time_machine.travel(CLOSED_AT, tick=False):
        return closed_case(**kwargs)


def test_an_open_case_has_no_retention():
    assert selectors.case_retention(make_case()) is None


def test_a_catalogued_kind_follows_its_series_from_the_bogota_closing_day(settings):
    settings.PQR_RETENTION_YEARS = 1
    r = selectors.case_retention(_closed(kind=CaseKind.QUEJA))
    assert (r.source, r.series_code, r.years) == ("trd", "200.45.01", 10)
    assert r.until == date(2036, 2, 27) and not r.permanent
    assert r.keeps(date(2036, 2, 26)) and not r.keeps(date(2036, 2, 27))


def test_a_kind_in_no_series_follows_the_setting(settings):
    settings.PQR_RETENTION_YEARS = 4
    r = selectors.case_retention(_closed(kind=CaseKind.DATOS_CONSULTA, causal_code=None))
    assert (r.source, r.series_code, r.until, r.years) == ("ajuste", "", date(2030, 2, 27), 4)


def test_conservacion_total_is_kept_for_ever():
    RetentionSeries.objects.filter(code="200.45.01").update(disposition="CT")
    r = selectors.case_retention(_closed())
    assert r.permanent and r.keeps(date(2999, 1, 1))


def test_an_archived_case_keeps_its_stored_dates_whatever_the_trd_says_later(coordinador):
    case = _closed()
    series = RetentionSeries.objects.get(code="200.45.01")
    services.case_archive(case=case, actor=coordinador, series=series, box="1", folder="2",
                          folio_from=1, folio_to=3)
    RetentionSeries.objects.filter(pk=series.pk).update(central_years=1, disposition="CT")
    r = selectors.case_retention(case)
    assert (r.source, r.until, r.disposition) == ("archivo", date(2036, 2, 27), "S")


def test_many_cases_cost_two_queries(coordinador):
    cases = [_closed() for _ in range(4)] + [make_case()]
    services.case_archive(case=cases[0], actor=coordinador,
                          series=RetentionSeries.objects.get(code="200.45.01"), box="1",
                          folder="2", folio_from=1, folio_to=3)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.cases_retention(cases)
    assert len(queries) == 2
    assert set(found) == {c.pk for c in cases[:4]}
    assert [found[c.pk].source for c in cases[:4]] == ["archivo", "trd", "trd", "trd"]
