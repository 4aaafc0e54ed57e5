"""The instant the test command moves the non-browser suite's clock to.

usage: python scripts/clock_instant.py [--all] [--date YYYY-MM-DD]

Tests must pass on any day at any hour in Bogotá. The suite runs its non-browser tests
once, with the clock of the test processes moved (tests/conftest.py --clock) to an
instant where date bugs show: a different one each day, in turn, from this list, all
after today so no fixture dated "in the past" turns into the future:

- the eve of the next Colombian holiday, 23:30 in Bogotá (04:30 UTC is already the
  holiday: a business-day count that reads the UTC date counts a holiday as a workday);
- the next 31 December, 23:59 in Bogotá (04:59 UTC is next year: radicado series,
  yearly terms, "this year" reports);
- the last day of the next month, 19:30 in Bogotá (00:30 UTC is already the next month:
  monthly roll-ups, SUI months, "month to date");
- the next Saturday, 12:00 in Bogotá (a filing on a non-business day: terms start on
  the next business day).

It prints one instant as UTC ISO 8601 (the one of the day); `--all` prints every one
with its name, to run the suite at each by hand (SHIFTED_CLOCK=<instant> make test).
"""

from __future__ import annotations

import argparse
import calendar
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

BOGOTA = ZoneInfo("America/Bogota")
UTC = ZoneInfo("UTC")


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BOGOTA).astimezone(UTC)


def holiday_eve(today: date) -> datetime:
    # The eve must be a business day's night before a weekday holiday (Colombia's moved
    # holidays fall on Mondays: the eve is then a Sunday, fine too; it is a date slip).
    co = holidays.country_holidays("CO", years=range(today.year, today.year + 2))
    day = min(d for d in co if d > today + timedelta(days=1))
    return _at(day - timedelta(days=1), 23, 30)


def year_end(today: date) -> datetime:
    day = date(today.year, 12, 31)
    if day <= today:
        day = date(today.year + 1, 12, 31)
    return _at(day, 23, 59)


def month_end(today: date) -> datetime:
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return _at(date(year, month, calendar.monthrange(year, month)[1]), 19, 30)


def saturday(today: date) -> datetime:
    return _at(today + timedelta(days=(5 - today.weekday()) % 7 or 7), 12, 0)


INSTANTS = (("víspera de festivo", holiday_eve), ("fin de año", year_end),
            ("fin de mes", month_end), ("sábado", saturday))


def instant_of_the_day(today: date) -> datetime:
    return INSTANTS[today.toordinal() % len(INSTANTS)][1](today)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--date", type=date.fromisoformat,
                        default=datetime.now(BOGOTA).date())
    args = parser.parse_args(argv)
    if args.all:
        for name, rule in INSTANTS:
            print(f"{rule(args.date):%Y-%m-%dT%H:%M:%SZ}  {name}")
    else:
        print(f"{instant_of_the_day(args.date):%Y-%m-%dT%H:%M:%SZ}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
