"""Telling the user something by the channel the case notifies by, on the record."""

from __future__ import annotations

from caserecord.outbox import email_enqueue
from caserecord.services import event_record
from intake.choices import NotifyBy
from intake.models import Case


def user_inform(*, case: Case, subject: str, body: str, purpose: str, actor,
                attachments=()) -> dict:
    """
    Tell the user something by the channel the case notifies by, and record it.

    By e-mail when the user accepted it; otherwise the message is recorded on
    the case for the office to deliver at the notification address (or by
    phone), which the event says. Return the event's data.
    """
    if case.notify_by == NotifyBy.EMAIL and case.notify_email:
        email_enqueue(to=case.notify_email, subject=subject, body=body, case=case,
                      purpose=purpose, attachments=attachments)
        channel, where = "email", case.notify_email
    else:
        channel = "postal"
        where = case.notify_address or case.customer.address
    data = {"channel": channel, "to": where, "phone": case.customer.phone, "subject": subject,
            "message": body, "purpose": purpose}
    event_record(case=case, kind="user.informed", actor=actor, data=data)
    return data
