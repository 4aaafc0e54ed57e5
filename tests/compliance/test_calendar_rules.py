"""The pure counting rules of domain.md §3 (no database)."""

from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.calendars import (
    BusinessCalendar,
    add_business_days,
    business_days_between,
    default_calendar,
    is_business_day,
    next_business_day,
)
from compliance.terms import (
    BOGOTA,
    NaiveDatetimeError,
    band_for,
    due_date_for,
    due_with_adjustments,
    effective_filing_date,
    end_of_day,
    recurso_window_end,
    response_due_date,
    sap_recognition_due,
)


def bogota(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=BOGOTA)


@pytest.mark.parametrize(("filed", "days", "due"), [
    # The worked examples of domain.md §3.
    (bogota(2026, 9, 1), 15, date(2026, 9, 22)),
    (bogota(2026, 12, 5), 15, date(2026, 12, 30)),   # Saturday; 8 Dec and 25 Dec skipped
    (bogota(2026, 5, 15), 15, date(2026, 6, 9)),     # Ascensión (18 May) and Corpus (8 Jun)
    # Holy Week 2026: Jueves Santo 2 Apr and Viernes Santo 3 Apr.
    (bogota(2026, 4, 1), 15, date(2026, 4, 24)),
    (bogota(2026, 3, 30), 5, date(2026, 4, 8)),
    # December-January: 25 Dec, 1 Jan, Reyes moved to Monday 11 Jan 2027.
    (bogota(2026, 12, 16), 15, date(2027, 1, 8)),
    (bogota(2026, 12, 21), 15, date(2027, 1, 14)),
    # Ley 2578 de 2026: Mon 13 July 2026 (Chiquinquirá) and 20 July skipped.
    (bogota(2026, 7, 3), 10, date(2026, 7, 21)),
    (bogota(2026, 7, 10), 1, date(2026, 7, 14)),
    # Sunday filing counts on Monday.
    (bogota(2026, 9, 6), 15, date(2026, 9, 28)),
    # Filing on a holiday (San José, moved to Mon 23 Mar 2026) counts on Tuesday.
    (bogota(2026, 3, 23), 15, date(2026, 4, 16)),
    # Consulta, 30 days, across Holy Week.
    (bogota(2026, 3, 2), 30, date(2026, 4, 16)),
])
def test_response_due_date(filed, days, due):
    assert response_due_date(filed, days) == due


def test_emiliani_mondays():
    # San José (Thu 19 Mar 2026) is observed Monday 23 Mar; 19 Mar is a working day.
    assert is_business_day(date(2026, 3, 19))
    assert not is_business_day(date(2026, 3, 23))
    assert not is_business_day(date(2025, 3, 24))
    # Asunción (Sat 15 Aug 2026) -> Mon 17 Aug; Todos los Santos (Sun 1 Nov) -> Mon 2 Nov.
    assert not is_business_day(date(2026, 8, 17))
    assert not is_business_day(date(2026, 11, 2))
    # Independence day is fixed: Monday 20 July 2026 and Tuesday 20 July 2027.
    assert not is_business_day(date(2027, 7, 20))


def test_new_holiday_13_july_2026_has_a_name():
    cal = default_calendar()
    assert not cal.is_business_day(date(2026, 7, 13))
    assert "Chiquinquirá" in cal.reason_closed(date(2026, 7, 13))
    assert next_business_day(date(2026, 7, 10)) == date(2026, 7, 14)


def test_saturday_filing_is_day_zero_on_monday():
    assert effective_filing_date(bogota(2026, 12, 5)) == date(2026, 12, 7)
    assert effective_filing_date(bogota(2026, 9, 1)) == date(2026, 9, 1)


def test_date_is_taken_in_bogota():
    # 03:00 UTC on 2 Sep is 22:00 of 1 Sep in Bogotá.
    late = datetime(2026, 9, 2, 3, 0, tzinfo=UTC)
    assert response_due_date(late, 15) == date(2026, 9, 22)
    # 06:00 UTC on Saturday 5 Sep is still Saturday in Bogotá, which counts on Monday.
    assert response_due_date(datetime(2026, 9, 5, 6, 0, tzinfo=UTC), 15) == \
        response_due_date(bogota(2026, 9, 7), 15)


def test_naive_datetimes_are_refused():
    with pytest.raises(NaiveDatetimeError, match="timezone-aware"):
        response_due_date(datetime(2026, 9, 1, 10, 0), 15)
    with pytest.raises(ValueError):
        effective_filing_date(datetime(2026, 9, 1, 10, 0))


def test_after_hours_cutoff_is_optional():
    evening = bogota(2026, 9, 1, 18, 30)
    assert response_due_date(evening, 15) == date(2026, 9, 22)
    assert response_due_date(evening, 15, cutoff=time(17, 0)) == date(2026, 9, 23)
    assert response_due_date(bogota(2026, 9, 1, 16, 59), 15, cutoff=time(17, 0)) == date(2026, 9, 22)


def test_sap_recognition_and_recurso_window():
    # 72 hours from the instant the response term ran out (the end of Tue 22 Sep):
    # it runs out at the midnight that ends Fri 25, so its due date is the 25th.
    assert sap_recognition_due(end_of_day(date(2026, 9, 22))) == (
        datetime(2026, 9, 26, 0, 0, tzinfo=BOGOTA), date(2026, 9, 25))
    assert sap_recognition_due(bogota(2026, 9, 22, 15, 30)) == (
        datetime(2026, 9, 25, 15, 30, tzinfo=BOGOTA), date(2026, 9, 25))


def test_due_date_is_the_day_of_the_second_before_the_due_instant():
    assert due_date_for(end_of_day(date(2026, 9, 22))) == date(2026, 9, 22)
    assert due_date_for(datetime(2026, 9, 23, 0, 0, 1, tzinfo=BOGOTA)) == date(2026, 9, 23)
    # 05:00 UTC is the Bogotá midnight that ends the 22nd.
    assert due_date_for(datetime(2026, 9, 23, 5, 0, tzinfo=UTC)) == date(2026, 9, 22)
    assert due_date_for(datetime(2026, 9, 23, 5, 0, 1, tzinfo=UTC)) == date(2026, 9, 23)
    with pytest.raises(NaiveDatetimeError):
        due_date_for(datetime(2026, 9, 23))
    assert recurso_window_end(date(2026, 9, 22)) == date(2026, 9, 29)
    assert recurso_window_end(date(2026, 7, 10)) == date(2026, 7, 21)  # 13 and 20 July


def test_extra_closures_and_saturday_policy():
    closure = BusinessCalendar(closures={date(2026, 9, 2): "Inventario"}, years=range(2026, 2028))
    assert closure.reason_closed(date(2026, 9, 2)) == "Inventario"
    assert closure.add_business_days(date(2026, 9, 1), 15) == date(2026, 9, 23)
    saturdays = BusinessCalendar(saturday_is_business_day=True, years=range(2026, 2028))
    assert saturdays.is_business_day(date(2026, 9, 5))
    assert saturdays.add_business_days(date(2026, 9, 1), 15) == date(2026, 9, 18)


def test_helpers_and_skipped_days():
    assert add_business_days(date(2026, 9, 1), 0) == date(2026, 9, 1)
    assert business_days_between(date(2026, 9, 1), date(2026, 9, 22)) == 15
    assert business_days_between(date(2026, 9, 22), date(2026, 9, 1)) == -15
    skipped = dict(default_calendar().skipped_days(date(2026, 12, 5), date(2026, 12, 30)))
    assert skipped[date(2026, 12, 8)] == "La Inmaculada Concepción"
    assert skipped[date(2026, 12, 25)] == "Navidad"
    assert skipped[date(2026, 12, 6)] == "domingo"
    with pytest.raises(ValueError):
        add_business_days(date(2026, 9, 1), -1)


def test_adjustments_give_back_suspended_days_and_add_extensions():
    start = date(2026, 9, 1)
    # Suspended Thu 10 to Tue 15 Sep: 4 business days given back.
    susp = [("suspension", date(2026, 9, 10), date(2026, 9, 15), 0)]
    assert due_with_adjustments(start, 15, susp) == date(2026, 9, 28)
    ext = [("extension", date(2026, 9, 10), None, 5)]
    assert due_with_adjustments(start, 15, ext) == date(2026, 9, 29)


def test_band_rule():
    due = date(2026, 9, 22)

    def band(now, **kw):
        return band_for(due_date=due, due_at=end_of_day(due), now=now, **kw)

    assert band(bogota(2026, 9, 10)) == "al_dia"
    assert band(bogota(2026, 9, 17, 0, 0)) == "por_vencer"
    assert band(bogota(2026, 9, 16, 23, 59)) == "al_dia"
    assert band(bogota(2026, 9, 22, 0, 0)) == "vence_hoy"
    assert band(bogota(2026, 9, 22, 23, 59)) == "vence_hoy"
    assert band(bogota(2026, 9, 23, 0, 0)) == "vencido"
    assert band(bogota(2026, 9, 23), met=True) == "cumplido"
    assert band(bogota(2026, 9, 23), suspended=True, band="al_dia") == "al_dia"
    assert band(bogota(2026, 9, 23), cancelled=True, band="por_vencer") == "por_vencer"
    # A due date on a Saturday (a typed deadline) is por vencer once it falls on or before
    # the 3rd business day ahead: from Wed 16 (limit Mon 21), not on Tue 15 (limit Fri 18).
    saturday = date(2026, 9, 19)
    assert band_for(due_date=saturday, due_at=end_of_day(saturday),
                    now=bogota(2026, 9, 16)) == "por_vencer"
    assert band_for(due_date=saturday, due_at=end_of_day(saturday),
                    now=bogota(2026, 9, 15)) == "al_dia"


# --- properties ---------------------------------------------------------------

instants = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2058, 12, 31),
                        timezones=st.just(BOGOTA))
days = st.integers(min_value=1, max_value=60)
dates = st.dates(min_value=date(2001, 1, 1), max_value=date(2058, 12, 31))


@settings(max_examples=300, deadline=None)
@given(instants, days)
def test_due_date_is_always_a_business_day(filed, n):
    due = response_due_date(filed, n)
    assert is_business_day(due)
    assert due > filed.date()


@settings(max_examples=300, deadline=None)
@given(instants, instants, days)
def test_later_filings_never_give_earlier_due_dates(a, b, n):
    first, second = sorted([a, b])
    assert response_due_date(first, n) <= response_due_date(second, n)


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=0, max_value=400))
def test_between_inverts_add(d, n):
    assert business_days_between(d, add_business_days(d, n)) == n


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=0, max_value=60))
def test_add_matches_a_day_by_day_count(d, n):
    cal = default_calendar()
    day, left = d, n
    from datetime import timedelta
    while left:
        day += timedelta(days=1)
        left -= cal.is_business_day(day)
    assert add_business_days(d, n) == day


@settings(max_examples=300, deadline=None)
@given(instants, days, st.sampled_from([None, time(17, 0), time(8, 30)]))
def test_fast_path_matches_the_two_step_rule(filed, n, cutoff):
    effective = effective_filing_date(filed, cutoff=cutoff)
    assert is_business_day(effective)
    assert response_due_date(filed, n, cutoff=cutoff) == add_business_days(effective, n)
