"""Retention arithmetic of the TRD: pure functions, no ORM, no clock (dates are parameters)."""

from __future__ import annotations

from datetime import date


def add_years(day: date, years: int) -> date:
    """`day` plus whole `years`; 29 February falls on 28 February of a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_dates(*, closed_on: date, gestion_years: int, central_years: int) -> tuple[date, date]:
    """
    Return (gestión until, retention until): the expediente stays `gestion_years` in the
    archivo de gestión from its closing, then `central_years` in the archivo central;
    the final disposition applies from the second date.
    """
    gestion_until = add_years(closed_on, gestion_years)
    return gestion_until, add_years(gestion_until, central_years)
