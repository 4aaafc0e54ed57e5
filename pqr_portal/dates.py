"""
Dates and hours as a Colombian reads them, for e-mails, history, tracking and letters.

    long_date(date(2026, 12, 2))            -> "miércoles 2 de diciembre de 2026"
    clock(time(9, 0))                        -> "9:00 a. m."
    time_window(day, time(9), time(11))      -> "miércoles 2 de diciembre de 2026,
                                                 de 9:00 a. m. a 11:00 a. m."

Lower case and "a. m." do not depend on the compiled translations: the words
come from Django's calendar names, lower-cased here.
"""

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for parse in (date.fromisoformat, lambda v: datetime.strptime(v, "%d/%m/%Y").date()):  # noqa: DTZ007 - a day, no instant
            try:
                return parse(value)
            except ValueError:
                continue
    return None


def _as_time(value) -> time | None:
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).time()
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            return None
    return None


def long_date(value, *, weekday: bool = True) -> str:
    """Return "miércoles 2 de diciembre de 2026" (the value itself if not a date)."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    fmt = r"l j \d\e F \d\e Y" if weekday else r"j \d\e F \d\e Y"
    return date_format(day, fmt).lower()


def clock(value) -> str:
    """Return "9:00 a. m." / "2:30 p. m." (the value itself if not a time)."""
    moment = _as_time(value)
    if moment is None:
        return "" if value is None else str(value)
    hour = moment.hour % 12 or 12
    suffix = _("a. m.") if moment.hour < 12 else _("p. m.")
    return f"{hour}:{moment.minute:02d} {suffix}"


def long_datetime(value) -> str:
    """Return "2 de diciembre de 2026, 9:00 a. m." for an instant (Bogotá time)."""
    if not isinstance(value, datetime):
        return long_date(value, weekday=False)
    return f"{long_date(value, weekday=False)}, {clock(value)}"


def time_window(day, start, end) -> str:
    """Return "miércoles 2 de diciembre de 2026, de 9:00 a. m. a 11:00 a. m."."""
    return _("%(date)s, de %(start)s a %(end)s") % {
        "date": long_date(day), "start": clock(start), "end": clock(end)}
