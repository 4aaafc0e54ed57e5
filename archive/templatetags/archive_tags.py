"""The archive's panels: the auxiliar's landing page and the closed case's page."""

from django import template
from django.utils import timezone

from archive import policy, selectors

register = template.Library()


@register.inclusion_tag("archive/_work_panel.html")
def archive_panel(user):
    return {"a": selectors.archive_summary(user, timezone.localdate()),
            "can_manage": policy.can_manage_archive(user)}


@register.simple_tag(takes_context=True)
def case_archive_info(context, case):
    """The case's archive record (or None) and what the page's user may do with it."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return {"archived": selectors.archived_file_of(case),
            "can_manage": policy.can_manage_archive(user),
            "can_print": policy.can_print_expediente(user, case)}
