"""Template filters for Colombian dates: {{ d|long_date }}, {{ t|clock }}, {{ dt|long_datetime }}."""

from django import template

from pqr_portal import dates

register = template.Library()

register.filter("long_date", dates.long_date)
register.filter("clock", dates.clock)
register.filter("long_datetime", dates.long_datetime)


@register.simple_tag
def time_window(day, start, end):
    return dates.time_window(day, start, end)
