"""The quality panel of the coordinator's work page (non-conformities, overdue actions)."""

from django import template

from compliance.selectors import quality_summary

register = template.Library()


@register.inclusion_tag("compliance/quality/_work_panel.html")
def quality_panel(user):
    return {"q": quality_summary(user)}


@register.filter
def person(user) -> str:
    """A person's full name, their username, or a dash."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
