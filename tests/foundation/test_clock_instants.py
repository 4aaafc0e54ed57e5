"""The instants the test command moves the non-browser suite's clock to (scripts/clock_instant.py)."""

import importlib.util
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest

_spec = importlib.util.spec_from_file_location(
    "clock_instant", Path(__file__).resolve().parents[2] / "scripts" / "clock_instant.py")
clock_instant = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(clock_instant)

BOGOTA = ZoneInfo("America/Bogota")
DAYS = [date(2026, 12, 2) + timedelta(days=n) for n in range(0, 400, 7)] + [
    date(2026, 12, 31), date(2027, 1, 1), date(2028, 2, 28), date(2027, 12, 7)]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_every_instant_is_after_today_and_slips_a_date_between_bogota_and_utc(today):
    eve, year_end, month_end, saturday = (rule(today) for _name, rule in clock_instant.INSTANTS)
    for instant in (eve, year_end, month_end, saturday):
        assert instant.astimezone(BOGOTA).date() > today
    co = holidays.country_holidays("CO", years=range(today.year, today.year + 3))
    # 23:30 in Bogotá on the eve is already the holiday in UTC.
    assert eve.date() in co
    assert eve.date() == eve.astimezone(BOGOTA).date() + timedelta(days=1)
    assert (year_end.astimezone(BOGOTA).month, year_end.astimezone(BOGOTA).day) == (12, 31)
    assert year_end.year == year_end.astimezone(BOGOTA).year + 1
    assert month_end.day == 1 and month_end.astimezone(BOGOTA).day >= 28
    assert saturday.astimezone(BOGOTA).weekday() == 5
    assert saturday.astimezone(BOGOTA).date() - today <= timedelta(days=7)


def test_four_days_in_a_row_run_the_four_instants():
    start = date(2026, 12, 2)
    picked = {clock_instant.instant_of_the_day(start + timedelta(days=n)).isoformat()
              for n in range(4)}
    # 2 December 2026 has date.toordinal() % 4 == 0: the holiday eve comes first.
    assert picked == {"2026-12-08T04:30:00+00:00", "2027-01-01T04:59:00+00:00",
                      "2027-02-01T00:30:00+00:00", "2026-12-12T17:00:00+00:00"}
