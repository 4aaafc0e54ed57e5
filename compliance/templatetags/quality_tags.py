"""The quality panel of the coordinator's work page (non-conformities, overdue actions)."""

from django import template

from compliance.selectors import quality_summary

register = template.Library()


@register.inclusion_tag("compliance/quality/_work_panel.html")
def quality_panel(user):
    return {"q": quality_summary(user)}
