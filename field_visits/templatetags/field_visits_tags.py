"""Template tags for the panel the case page includes (templates/field_visits/_case_panel.html)."""

from django import template

from field_visits import policy
from field_visits.selectors import case_field_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def case_field_visits(context, case):
    """Return the case's orders (with visits and actas) that the page's user may see."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or case is None:
        return {"orders": [], "can_order": False}
    summary = case_field_summary(case, user)
    summary["can_order"] = policy.can_program(user)
    return summary
