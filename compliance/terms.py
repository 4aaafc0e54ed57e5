"""
Legal terms: when an answer is due, when SAP must be recognised, when the
window for a recurso closes, the notification clocks, the band of a running
term and when an answer is late. Each legal rule of the portal is written
here once (docs/legal-rules.md); the set-based sweep (compliance.sweep)
writes some of them again in SQL for speed and is tested against these
functions (tests/compliance/test_rule_agreement.py).

Pure code: time is always a parameter; the calendar defaults to the legal one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from compliance.calendars import BusinessCalendar, default_calendar

BOGOTA = ZoneInfo("America/Bogota")

# Lengths and legal bases of the terms the portal opens (besides the response term,
# whose length per kind of request is the TermRule catalogue).
SAP_RECOGNITION_HOURS = 72  # Ley 142 art. 158: recognise the effects of SAP in 72 hours
SAP_RECOGNITION_BASIS = "Ley 142 de 1994, art. 158: reconocer los efectos del SAP en 72 horas"
TUTELA_COMPLIANCE_HOURS = 48  # Decreto 2591 de 1991 art. 27: comply with the ruling in 48 hours
TUTELA_COMPLIANCE_BASIS = "Decreto 2591 de 1991, art. 27"
# The ruling states its own term (Decreto 2591 art. 29 num. 5): staff type it in one of these.
RULING_HOURS = "hours"
RULING_BUSINESS_DAYS = "business_days"
RULING_CALENDAR_DAYS = "calendar_days"
RULING_TERM_UNITS = (RULING_HOURS, RULING_BUSINESS_DAYS, RULING_CALENDAR_DAYS)
RECURSO_WINDOW_BUSINESS_DAYS = 5  # Ley 142 art. 154: recursos within 5 business days
RECURSO_WINDOW_BASIS = "Ley 142 de 1994, art. 154"
CITATION_BUSINESS_DAYS = 5  # CPACA art. 68: citation within 5 days of the decision
CITATION_BASIS = "Ley 1437 de 2011, art. 68"
APPEARANCE_BUSINESS_DAYS = 5  # CPACA art. 69: aviso when the user does not come in 5 days
APPEARANCE_BASIS = "Ley 1437 de 2011, art. 69"
PUBLICATION_BUSINESS_DAYS = 5  # CPACA art. 69 inciso 2: unknown address, 5 days on the web
SSPD_REMISSION_BASIS = "Ley 142 de 1994, art. 159"  # days: setting PQR_SSPD_REMISSION_DAYS
# Ley 1755 de 2015 art. 17: ask the petitioner to complete within 10 days of filing;
# the petitioner has one month (calendar) to answer, then desistimiento tácito.
REQUERIMIENTO_BUSINESS_DAYS = 10
REQUERIMIENTO_BASIS = "Ley 1755 de 2015, art. 17: requerir dentro de los 10 días siguientes"
COMPLETION_MONTHS = 1
COMPLETION_BASIS = "Ley 1755 de 2015, art. 17: un (1) mes para completar la petición"
# Ley 1755 de 2015 art. 21: transfer to the competent entity within 5 days of receipt.
TRASLADO_BUSINESS_DAYS = 5
TRASLADO_BASIS = "Ley 1755 de 2015, art. 21: traslado dentro de los 5 días siguientes"

# How a filing made on a non-business day counts (setting PQR_NON_BUSINESS_FILING):
# "next_business_day": it counts as filed on the next business day, so day 1 is the
# business day after that one (the default, domain.md §3); "first_business_day_after":
# day 1 is the first business day after the calendar day of receipt.
NEXT_BUSINESS_DAY = "next_business_day"
FIRST_BUSINESS_DAY_AFTER = "first_business_day_after"
NON_BUSINESS_FILING_CONVENTIONS = (NEXT_BUSINESS_DAY, FIRST_BUSINESS_DAY_AFTER)


def _check_convention(convention: str) -> None:
    if convention not in NON_BUSINESS_FILING_CONVENTIONS:
        raise ValueError(f"unknown non-business filing convention {convention!r}")


class NaiveDatetimeError(ValueError):
    """A legal instant was given without a time zone."""

    def __init__(self, name: str = "filed_at"):
        super().__init__(f"{name} must be timezone-aware (got a naive datetime)")


def local_date(instant: datetime) -> date:
    """Return the Bogotá date of an aware instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise NaiveDatetimeError()
    return instant.astimezone(BOGOTA).date()


def effective_filing_date(
    filed_at: datetime, calendar: BusinessCalendar | None = None, *, cutoff: time | None = None,
    convention: str = NEXT_BUSINESS_DAY,
) -> date:
    """
    Return the day a filing legally counts as made (the day the term counts from).

    Under the default convention a filing on a non-business day counts on the
    next business day; under "first_business_day_after" it counts on its own
    calendar day (so day 1 is the first business day after it). With an
    after-hours `cutoff` (a company policy, off by default) a filing on a
    business day after it counts on the next business day.
    """
    _check_convention(convention)
    calendar = calendar or default_calendar()
    day, after_cutoff = _filing_day(filed_at, cutoff)
    if convention == FIRST_BUSINESS_DAY_AFTER and not calendar.is_business_day(day):
        return day
    if after_cutoff:
        return calendar.next_business_day(day)
    return calendar.on_or_after(day)


def _filing_day(filed_at: datetime, cutoff: time | None) -> tuple[date, bool]:
    if filed_at.tzinfo is None or filed_at.utcoffset() is None:
        raise NaiveDatetimeError()
    local = filed_at.astimezone(BOGOTA)
    return local.date(), cutoff is not None and local.time() >= cutoff


def response_due_date(
    filed_at: datetime,
    business_days: int,
    calendar: BusinessCalendar | None = None,
    *,
    cutoff: time | None = None,
    convention: str = NEXT_BUSINESS_DAY,
) -> date:
    """
    Return the last Bogotá date on which a timely answer can be dispatched.

    The filing day does not count: day 1 is the business day after the
    effective filing day (domain.md §3; `convention` says how a filing on a
    non-business day counts, see effective_filing_date).
    """
    _check_convention(convention)
    calendar = calendar or default_calendar()
    day, after_cutoff = _filing_day(filed_at, cutoff)
    if convention == FIRST_BUSINESS_DAY_AFTER and not calendar.is_business_day(day):
        return calendar.add_business_days(day, business_days)
    return calendar.term_end(day, business_days, next_day=after_cutoff)


def end_of_day(day: date) -> datetime:
    """Return the instant a Bogotá day ends (midnight that starts the next day)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=BOGOTA)


def due_date_for(due_at: datetime) -> date:
    """
    Return the due date of a term that runs out at the instant `due_at`: the
    last Bogotá day on which it still runs (the day of the second before).

    A term counted in days runs out at the midnight that ends its last day
    (end_of_day), so its due date is that day, not the next one. Every due
    date stored with a due instant follows this rule, which the sweep's SQL
    writes as ((due_at - interval '1 second') AT TIME ZONE 'America/Bogota')::date.
    """
    if due_at.tzinfo is None or due_at.utcoffset() is None:
        raise NaiveDatetimeError("due_at")
    return (due_at - timedelta(seconds=1)).astimezone(BOGOTA).date()


def business_days_due(start_on: date, business_days: int,
                      calendar: BusinessCalendar | None = None) -> tuple[datetime, date]:
    """Return (due_at, due_date) of a term of `business_days` counted after `start_on`."""
    due = (calendar or default_calendar()).add_business_days(start_on, business_days)
    return end_of_day(due), due


def hours_due(started_at: datetime, hours: int) -> tuple[datetime, date]:
    """Return (due_at, due_date) of a term of `hours` calendar hours from `started_at`."""
    due_at = started_at + timedelta(hours=hours)
    return due_at, due_date_for(due_at)


def sap_recognition_due(response_due_at: datetime) -> tuple[datetime, date]:
    """
    Return (due_at, due_date) of the recognition of a SAP: 72 calendar hours
    counted from the instant the response term ran out (Ley 142 art. 158).
    The recognition term starts at `response_due_at`, on due_date_for(response_due_at).
    """
    return hours_due(response_due_at, SAP_RECOGNITION_HOURS)


def ruling_compliance_due(notified_at: datetime, amount: int, unit: str,
                          calendar: BusinessCalendar | None = None) -> tuple[datetime, date]:
    """
    Return (due_at, due_date) of the term a tutela ruling gives to comply,
    counted from its notification as the ruling states it: `hours` run from
    the instant of notification; `business_days` are counted after the day
    of notification; `calendar_days` end with the n-th day after it, moved
    to the next business day when that one is not (Ley 4 de 1913, art. 62).
    """
    if notified_at.tzinfo is None or notified_at.utcoffset() is None:
        raise NaiveDatetimeError("notified_at")
    if amount < 1:
        raise ValueError("amount must be positive")
    if unit == RULING_HOURS:
        return hours_due(notified_at, amount)
    notified_on = local_date(notified_at)
    if unit == RULING_BUSINESS_DAYS:
        return business_days_due(notified_on, amount, calendar)
    if unit == RULING_CALENDAR_DAYS:
        due = (calendar or default_calendar()).on_or_after(notified_on + timedelta(days=amount))
        return end_of_day(due), due
    raise ValueError(f"unknown unit {unit!r}")


def recurso_window_end(notified_on: date, calendar: BusinessCalendar | None = None) -> date:
    """Return the last day to file a recurso: 5 business days after notification."""
    return business_days_due(notified_on, RECURSO_WINDOW_BUSINESS_DAYS, calendar)[1]


def due_with_adjustments(
    start: date,
    business_days: int,
    adjustments: list[tuple[str, date, date | None, int]],
    calendar: BusinessCalendar | None = None,
    *,
    today: date | None = None,
) -> date:
    """
    Return a term's due date after suspensions and extensions.

    `adjustments` are (kind, starts_on, ends_on, extra_days): kind "suspension"
    stops the clock from starts_on to ends_on (an open suspension runs up to
    `today`); kind "extension" adds extra_days business days. The due date is
    always recomputed from the rules and the full history.
    """
    calendar = calendar or default_calendar()
    total = business_days
    for kind, starts_on, ends_on, extra_days in adjustments:
        if kind == "extension":
            total += extra_days
        elif kind == "suspension":
            end = ends_on or today or starts_on
            # The days in which the clock was stopped are given back.
            total += max(0, calendar.business_days_between(starts_on - timedelta(days=1), end))
    return calendar.add_business_days(start, total)


def requerimiento_due(counts_from: date, calendar: BusinessCalendar | None = None) -> date:
    """
    Return the last day to ask the petitioner to complete a request: 10 business
    days after the day the filing counts from (Ley 1755 art. 17).
    """
    return business_days_due(counts_from, REQUERIMIENTO_BUSINESS_DAYS, calendar)[1]


def traslado_due(counts_from: date, calendar: BusinessCalendar | None = None) -> date:
    """Return the last day to transfer a request to the competent entity (art. 21): 5 business days."""
    return business_days_due(counts_from, TRASLADO_BUSINESS_DAYS, calendar)[1]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of a shorter month when it has none)."""
    import calendar as _cal

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def completion_due(communicated_on: date, calendar: BusinessCalendar | None = None) -> date:
    """
    Return the last day the petitioner has to complete a request: one calendar
    month after the requerimiento was communicated (Ley 1755 art. 17), moved to
    the next business day when it falls on a non-business day (Ley 4 de 1913, art. 62).
    """
    return (calendar or default_calendar()).on_or_after(add_months(communicated_on,
                                                                   COMPLETION_MONTHS))


def completion_extended_due(communicated_on: date,
                            calendar: BusinessCalendar | None = None) -> date:
    """
    Return the last day to complete a request after the petitioner's prórroga:
    the month of Ley 1755 art. 17 extended "hasta por un término igual", i.e.
    two calendar months after the requerimiento was communicated, moved to the
    next business day when that one is not (Ley 4 de 1913, art. 62).
    """
    return (calendar or default_calendar()).on_or_after(
        add_months(communicated_on, 2 * COMPLETION_MONTHS))


def suspension_limits(starts_on: date, max_business_days: int, reminder_business_days: int,
                      calendar: BusinessCalendar | None = None) -> tuple[date, date]:
    """
    Return (max_ends_on, remind_on) of a suspension that stops the clock from
    `starts_on` (inclusive): it may last `max_business_days` business days, and
    the owner is reminded `reminder_business_days` business days before its last
    day (on the last day itself when the reminder is 0 or longer than the span).
    """
    calendar = calendar or default_calendar()
    max_ends_on = calendar.add_business_days(starts_on - timedelta(days=1), max_business_days)
    remind_on, left = max_ends_on, reminder_business_days
    while left > 0 and remind_on > starts_on:
        remind_on -= timedelta(days=1)
        if calendar.is_business_day(remind_on):
            left -= 1
    return max_ends_on, max(remind_on, starts_on)


def extension_allowed_days(length: int | None, granted: int,
                           maximum: int | None = None) -> int:
    """
    The business days a term may still be extended: all extensions together at
    most the initial term (Ley 1755 art. 14 parágrafo), or at most `maximum`
    when the rule sets one (Ley 1581 arts. 14 and 15: 5 for a consulta, 8 for
    a reclamo).
    """
    cap = (length or 0) if maximum is None else maximum
    return max(0, cap - granted)


# --- bands and lateness ---------------------------------------------------------

BANDS = ("al_dia", "por_vencer", "vence_hoy", "vencido", "cumplido")


def is_past_due(due_at: datetime, instant: datetime) -> bool:
    """A term has run out at `instant` from its due instant on (the instant itself included)."""
    return instant >= due_at


def is_late(met_at: datetime, due_at: datetime) -> bool:
    """An answer is late when given once its term ran out (the same instant as `vencido`)."""
    return is_past_due(due_at, met_at)


def band_warning_limit(today: date, warning_days: int,
                       calendar: BusinessCalendar | None = None) -> date:
    """Return the last due date that is "por vencer" on `today` (`warning_days` business days on)."""
    return (calendar or default_calendar()).add_business_days(today, warning_days)


def running_band(*, due_date: date, due_at: datetime, now: datetime, warning_days: int = 3,
                 calendar: BusinessCalendar | None = None) -> str:
    """
    Return the band at `now` of a running term (open and not suspended).

    vencido once its due instant has come; vence_hoy on (or, for a term
    whose due date is behind it but whose instant is not, after) its due
    date; por_vencer while the due date is within `warning_days` business
    days; al_dia before. compliance.sweep.band_statements writes the same
    four branches as set-based UPDATEs (tested against this function).
    """
    if is_past_due(due_at, now):
        return "vencido"
    today = local_date(now)
    if due_date <= today:
        return "vence_hoy"
    if due_date <= band_warning_limit(today, warning_days, calendar):
        return "por_vencer"
    return "al_dia"


def band_for(*, due_date: date, due_at: datetime, now: datetime, met: bool = False,
             suspended: bool = False, cancelled: bool = False, band: str = "al_dia",
             warning_days: int = 3, calendar: BusinessCalendar | None = None) -> str:
    """
    Return the band of any term at `now`: cumplido once met; a cancelled or
    suspended term keeps its `band` (its clock is stopped); a running one
    follows running_band.
    """
    if met:
        return "cumplido"
    if suspended or cancelled:
        return band
    return running_band(due_date=due_date, due_at=due_at, now=now, warning_days=warning_days,
                        calendar=calendar)


# --- the late-answer non-conformity ------------------------------------------------

LATE_DATE_FORMAT = "%d/%m/%Y"  # the sweep's SQL writes it as 'DD/MM/YYYY'


def _late_sentence() -> str:
    return _("Término de respuesta vencido el %(due)s sin respuesta notificada a tiempo.")


def _lapsed_sentence() -> str:
    return _("Término «%(purpose)s» vencido el %(due)s sin cumplirse a tiempo.")


# Terms whose owner is the citizen, not the company: the recurso window (Ley
# 142 art. 154). They neither alert staff nor make a non-conformity.
CITIZEN_PURPOSES = ("recurso",)
# Terms that alert but whose running out is no fault: the 5 days the user has
# to appear after a citation (CPACA art. 69) end before the aviso may be sent.
NO_FAULT_PURPOSES = CITIZEN_PURPOSES + ("aviso",)


def late_description(due: date, purpose: str = "respuesta", purpose_label: str = "") -> str:
    """
    The description of the "desviación del tiempo" of a term due on `due`:
    the response term's own sentence, or the other terms' with their name.
    """
    prefix, suffix = late_description_parts(purpose, purpose_label)
    return prefix + due.strftime(LATE_DATE_FORMAT) + suffix


def late_description_parts(purpose: str = "respuesta", purpose_label: str = "") -> tuple[str, str]:
    """The text of late_description before and after the date (for the sweep's SQL)."""
    if purpose == "respuesta":
        text = _late_sentence() % {"due": "\x00"}
    else:
        text = _lapsed_sentence() % {"purpose": purpose_label or purpose, "due": "\x00"}
    prefix, _sep, suffix = text.partition("\x00")
    return prefix, suffix


# --- notification clocks (CPACA arts. 67-69) ------------------------------------------

def citation_due(issued_on: date, calendar: BusinessCalendar | None = None) -> date:
    """Return the last day to send the citation: 5 business days after issuing."""
    return business_days_due(issued_on, CITATION_BUSINESS_DAYS, calendar)[1]


def appearance_due(citation_sent_on: date, calendar: BusinessCalendar | None = None) -> date:
    """Return the last day the user may come: 5 business days after the citation."""
    return business_days_due(citation_sent_on, APPEARANCE_BUSINESS_DAYS, calendar)[1]


def aviso_allowed(citation_sent_on: date, today: date,
                  calendar: BusinessCalendar | None = None) -> bool:
    """An aviso goes only once the 5 business days after the citation have passed."""
    return today > appearance_due(citation_sent_on, calendar)


def last_instant(day: date) -> datetime:
    """Return the last second of a Bogotá day (still that day, for counting terms)."""
    return end_of_day(day) - timedelta(seconds=1)


def aviso_notified_at(delivered_on: date, calendar: BusinessCalendar | None = None) -> datetime:
    """Return when an aviso notifies: at the end of the (business) day after delivery."""
    return last_instant((calendar or default_calendar()).next_business_day(delivered_on))


def publication_until(first_day: date, calendar: BusinessCalendar | None = None) -> date:
    """Return the last day of a 5-business-day publication that starts on `first_day`."""
    calendar = calendar or default_calendar()
    start = calendar.on_or_after(first_day)
    return calendar.add_business_days(start, PUBLICATION_BUSINESS_DAYS - 1)


def publication_notified_at(until: date, calendar: BusinessCalendar | None = None) -> datetime:
    """Return when a publication notifies: at the end of the day after it is withdrawn."""
    return last_instant((calendar or default_calendar()).next_business_day(until))
