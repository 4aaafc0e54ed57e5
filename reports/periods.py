"""Reporting periods: Bogotá dates, turned into instants for indexed range filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

MAX_DAYS = 366


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def month_end(day: date) -> date:
    return next_month(day) - timedelta(days=1)


def parse_month(text: str) -> date | None:
    """'2026-03' -> date(2026, 3, 1); None when malformed."""
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[lo, hi) instants: from the start of `start` to the start of the day after `end`."""
        return day_start(self.start), day_start(self.end + timedelta(days=1))

    def months(self) -> list[date]:
        out, m = [], month_start(self.start)
        while m <= self.end:
            out.append(m)
            m = next_month(m)
        return out


def _date_param(params, name: str, default: date, errors: list[str]) -> date:
    raw = params.get(name) or ""
    if not raw:
        return default
    try:
        value = parse_date(raw)
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        value = None
    if value is None:
        errors.append(_("Se ignoró la fecha «%(value)s»: escríbala como AAAA-MM-DD.")
                      % {"value": raw[:30]})
        return default
    return value


def period_from(params) -> tuple[Period, list[str]]:
    """The period of a query string (desde/hasta, AAAA-MM-DD); month to date by default."""
    today = timezone.localdate()
    errors: list[str] = []
    # Each date on its own: a typo in one keeps the other (and says which was ignored).
    start = _date_param(params, "desde", month_start(today), errors)
    end = _date_param(params, "hasta", today, errors)
    if start > end:
        errors.append(_("La fecha inicial no puede ser posterior a la final."))
        start, end = end, start
    if (end - start).days > MAX_DAYS:
        errors.append(_("El periodo máximo es de un año."))
        start = end - timedelta(days=MAX_DAYS)
    return Period(start, end), errors
