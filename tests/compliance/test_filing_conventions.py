"""
The legal clocks of the acts and the two conventions for a filing on a
non-business day, with real dates around Colombian holidays (Holy Week 2026,
8 December, Emiliani Mondays). Pure functions, then the setting through the service.
"""

from datetime import date, datetime

import pytest
import time_machine

from compliance.calendars import default_calendar
from compliance.services import response_term_open
from compliance.terms import (
    BOGOTA,
    FIRST_BUSINESS_DAY_AFTER,
    NEXT_BUSINESS_DAY,
    add_months,
    completion_due,
    effective_filing_date,
    requerimiento_due,
    response_due_date,
    traslado_due,
)

CAL = default_calendar()


def at(y, m, d, h=10, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=BOGOTA)


@pytest.mark.parametrize(("filed", "days", "next_day", "first_after"), [
    # A business day: both conventions agree (domain.md example).
    (at(2026, 9, 1), 15, date(2026, 9, 22), date(2026, 9, 22)),
    # Saturday before 8 December (Tuesday, holiday): domain.md example and the other reading.
    (at(2026, 12, 5), 15, date(2026, 12, 30), date(2026, 12, 29)),
    # Holy Thursday 2026 (2 April): counts Monday 6 April, or day 1 is Monday 6 April.
    (at(2026, 4, 2), 15, date(2026, 4, 27), date(2026, 4, 24)),
    # Sunday before San José moved to Monday 23 March (Ley Emiliani).
    (at(2026, 3, 22), 15, date(2026, 4, 16), date(2026, 4, 15)),
    # The Emiliani Monday itself.
    (at(2026, 3, 23, 16), 10, date(2026, 4, 9), date(2026, 4, 8)),
])
def test_both_conventions_around_holidays(filed, days, next_day, first_after):
    assert response_due_date(filed, days, CAL) == next_day
    assert response_due_date(filed, days, CAL, convention=NEXT_BUSINESS_DAY) == next_day
    assert response_due_date(filed, days, CAL, convention=FIRST_BUSINESS_DAY_AFTER) == first_after


def test_effective_filing_day_under_each_convention():
    saturday = at(2026, 12, 5)
    assert effective_filing_date(saturday, CAL) == date(2026, 12, 7)
    # Under the other convention the term counts from the calendar day of receipt.
    assert effective_filing_date(saturday, CAL, convention=FIRST_BUSINESS_DAY_AFTER) == \
        date(2026, 12, 5)
    # A business day is itself under both.
    tuesday = at(2026, 9, 1)
    assert effective_filing_date(tuesday, CAL, convention=FIRST_BUSINESS_DAY_AFTER) == \
        date(2026, 9, 1)


def test_unknown_convention_is_refused():
    with pytest.raises(ValueError):
        response_due_date(at(2026, 9, 1), 15, CAL, convention="calendar_days")


@pytest.mark.django_db
@pytest.mark.parametrize(("setting", "due"), [
    ("next_business_day", date(2026, 4, 27)),
    ("first_business_day_after", date(2026, 4, 24)),
])
def test_the_setting_decides_the_response_term(settings, setting, due):
    from tests.factories import make_case

    settings.PQR_NON_BUSINESS_FILING = setting
    with time_machine.travel(at(2026, 4, 2, 9), tick=False):
        case = make_case()  # a reclamo filed on Holy Thursday
    assert case.response_term.due_date == due
    # The service opening a term alone reads the same setting.
    with time_machine.travel(at(2026, 4, 2, 9), tick=False):
        term = response_term_open(case_id=case.pk, kind="reclamo", filed_at=at(2026, 4, 2, 9))
    assert term.due_date == due


def test_requerimiento_within_ten_business_days_of_filing():
    # Filed Tue 17 March 2026: San José (Mon 23 March) does not count.
    assert requerimiento_due(date(2026, 3, 17), CAL) == date(2026, 4, 1)
    # Filed Wed 1 April: Holy Thursday and Good Friday do not count.
    assert requerimiento_due(date(2026, 4, 1), CAL) == date(2026, 4, 17)


def test_traslado_within_five_business_days():
    # Filed Thu 25 June 2026: Monday 29 June (San Pedro y San Pablo, Emiliani) does not count.
    assert traslado_due(date(2026, 6, 25), CAL) == date(2026, 7, 3)
    # Filed Fri 4 December: 8 December does not count.
    assert traslado_due(date(2026, 12, 4), CAL) == date(2026, 12, 14)


def test_the_petitioners_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 8), 1) == date(2026, 12, 8)
    # One month after Sunday 8 November is 8 December, a holiday: the next business day.
    assert completion_due(date(2026, 11, 8), CAL) == date(2026, 12, 9)
    # Ending on a Saturday moves to Monday.
    assert completion_due(date(2026, 9, 5), CAL) == date(2026, 10, 5)
    assert completion_due(date(2026, 3, 3), CAL) == date(2026, 4, 6)  # Good Friday → Mon 6
