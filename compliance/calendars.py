"""
Business days (días hábiles) for legal terms.

Pure code: no ORM, no settings, no clock. A BusinessCalendar is built once
from Colombian legal holidays (the `holidays` package, which applies Ley
Emiliani and Ley 2578 de 2026) plus optional extra closures, and answers each
question with a binary search over precomputed business days, so counting a
term never loops or queries per day.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache

import holidays

SATURDAY, SUNDAY = 5, 6
DEFAULT_YEARS = range(2000, 2061)


def legal_holidays(years: Iterable[int]) -> dict[date, str]:
    """Return Colombia's legal holidays (festivos) of `years`, with their names."""
    return dict(holidays.country_holidays("CO", years=list(years), language="es").items())


class BusinessCalendar:
    """
    Which days count for legal terms.

    `closures` are extra non-business days (a formally adopted company closure)
    with their reason; `saturday_is_business_day` is the policy of a PAC that
    opens on Saturdays (off by default).
    """

    def __init__(
        self,
        *,
        holidays_by_date: Mapping[date, str] | None = None,
        closures: Mapping[date, str] | None = None,
        saturday_is_business_day: bool = False,
        years: Iterable[int] = DEFAULT_YEARS,
    ):
        years = list(years)
        self.first_year, self.last_year = min(years), max(years)
        self.holidays = dict(holidays_by_date) if holidays_by_date is not None else legal_holidays(years)
        self.closures = dict(closures or {})
        self.weekend = frozenset({SUNDAY} if saturday_is_business_day else {SATURDAY, SUNDAY})
        first = date(self.first_year, 1, 1).toordinal()
        last = date(self.last_year, 12, 31).toordinal()
        self._business = [o for o in range(first, last + 1) if self._open(date.fromordinal(o))]

    def _open(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays and day not in self.closures

    def _check_range(self, day: date) -> None:
        if not (self.first_year <= day.year <= self.last_year):
            raise ValueError(f"{day} is outside the calendar ({self.first_year}-{self.last_year})")

    def is_business_day(self, day: date) -> bool:
        return self._open(day)

    def reason_closed(self, day: date) -> str | None:
        """Return why `day` does not count (weekend, holiday name, closure), or None."""
        if day in self.holidays:
            return self.holidays[day]
        if day in self.closures:
            return self.closures[day]
        if day.weekday() in self.weekend:
            return "sábado" if day.weekday() == SATURDAY else "domingo"
        return None

    def next_business_day(self, day: date) -> date:
        """Return the first business day strictly after `day`."""
        self._check_range(day)
        i = bisect.bisect_right(self._business, day.toordinal())
        return date.fromordinal(self._business[i])

    def on_or_after(self, day: date) -> date:
        """Return `day` if it is a business day, else the next one."""
        self._check_range(day)
        return date.fromordinal(self._business[bisect.bisect_left(self._business, day.toordinal())])

    def term_end(self, filed_on: date, n: int, *, next_day: bool = False) -> date:
        """
        Return the `n`th business day after the day a filing made on `filed_on`
        counts on (that day itself if a business day, else the next one; the
        next one always when `next_day`, e.g. after the office's cutoff).
        One binary search: the hot path of response_due_date.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        self._check_range(filed_on)
        ords = self._business
        find = bisect.bisect_right if next_day else bisect.bisect_left
        i = find(ords, filed_on.toordinal()) + n
        if i >= len(ords):
            raise ValueError("result falls outside the calendar")
        return date.fromordinal(ords[i])

    def add_business_days(self, start: date, n: int) -> date:
        """Return the date `n` business days after `start` (`start` never counts)."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return start
        self._check_range(start)
        i = bisect.bisect_right(self._business, start.toordinal()) + n - 1
        if i >= len(self._business):
            raise ValueError("result falls outside the calendar")
        return date.fromordinal(self._business[i])

    def business_days_between(self, a: date, b: date) -> int:
        """Return the business days after `a` up to and including `b` (negative if b < a)."""
        ords = self._business
        return bisect.bisect_right(ords, b.toordinal()) - bisect.bisect_right(ords, a.toordinal())

    def skipped_days(self, start: date, end: date) -> list[tuple[date, str]]:
        """Return each non-business day after `start` up to `end`, with its reason."""
        out, day = [], start + timedelta(days=1)
        while day <= end:
            reason = self.reason_closed(day)
            if reason:
                out.append((day, reason))
            day += timedelta(days=1)
        return out


@cache
def default_calendar() -> BusinessCalendar:
    """Return the calendar with legal holidays only (loaded once per process)."""
    return BusinessCalendar()


# Module-level helpers over the default calendar (the public API of issue #3).
def is_business_day(d: date) -> bool:
    return default_calendar().is_business_day(d)


def next_business_day(d: date) -> date:
    return default_calendar().next_business_day(d)


def add_business_days(start: date, n: int) -> date:
    return default_calendar().add_business_days(start, n)


def business_days_between(a: date, b: date) -> int:
    return default_calendar().business_days_between(a, b)
