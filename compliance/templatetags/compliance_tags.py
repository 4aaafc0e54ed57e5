"""Template helpers of the terms partial."""

from django import template
from django.utils import timezone

from compliance.services import legal_calendar
from compliance.terms import BOGOTA

register = template.Library()


@register.simple_tag
def business_days_left(term):
    """
    Business days from today to the term's due date (0 on the due day,
    negative once overdue); None for met or cancelled terms.
    """
    if term.met_at or term.cancelled_at:
        return None
    today = timezone.localtime(timezone.now(), BOGOTA).date()
    return legal_calendar().business_days_between(today, term.due_date)


@register.filter
def absolute(value):
    return abs(value)


@register.simple_tag
def hours_left(term):
    """Whole hours until the due instant of a term counted in hours or fixed by an order."""
    if term.met_at or term.cancelled_at:
        return None
    return int((term.due_at - timezone.now()).total_seconds() // 3600)
