"""Template tags that let other apps' pages include the responses panels."""

from django import template
from django.urls import reverse

from responses import policy, selectors, services
from responses.models import IssuedLetter, Notification, Response

register = template.Library()

CLOSED = (Response.Status.EMITIDA, Response.Status.DESCARTADA)


@register.simple_tag
def tracking_panel_data(case):
    """Return the citizen's view of the case's letters and recurso window."""
    letters = []
    for letter in (IssuedLetter.objects.filter(case=case).select_related("notification")
                   .order_by("issued_at")):
        notification = getattr(letter, "notification", None)
        notified = bool(notification and notification.completed)
        open_url = ""
        if notification is not None and (
                notified or notification.channel == Notification.Channel.ELECTRONICA):
            name = ("responses_public:notification-open"
                    if notification.channel == Notification.Channel.ELECTRONICA
                    else "responses_public:notification-pdf")
            open_url = reverse(name, args=[notification.token])
        letters.append({"letter": letter, "notified": notified, "open_url": open_url,
                        "notified_at": notification.notified_at if notification else None})
    window = services.recurso_window(case) if letters else {}
    return {"letters": letters, "window": window}


@register.simple_tag
def case_panel_data(case, user):
    """Return what the staff case panel shows and which actions the user may take."""
    ctx = selectors.case_panel_context(case)
    ctx.update({
        # Who: the policy; when: the case's state and the answers in progress.
        "can_draft": policy.can_draft(user, case) and case.status in services.DRAFTABLE_STATUSES
        and not any(r.status not in CLOSED for r in ctx["responses"]),
        "can_edit": policy.can_edit_response(user),
        "can_review": policy.can_review(user),
        "can_issue": policy.can_issue(user),
        "can_notify": policy.can_notify(user),
        "can_recurso": policy.can_file_recurso(user, case),
        "can_legal": policy.can_manage_legal(user, case),
        "window": services.recurso_window(case),
    })
    return ctx


@register.filter
def css_string(value) -> str:
    """Escape `value` for a double-quoted CSS string inside <style> (PDF page footers)."""
    from django.utils.safestring import mark_safe

    out = []
    for ch in str(value):
        if ch in '\\"<>&' or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return mark_safe("".join(out))  # noqa: S308 - every special character is escaped above


@register.simple_tag
def acts_panel_data(case, user):
    """Return the acts the staff panel offers (responses.selectors.acts_panel_context)."""
    return selectors.acts_panel_context(case, user)
