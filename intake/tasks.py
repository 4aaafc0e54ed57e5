"""Celery entry points of intake: ids in, one service call."""

from celery import shared_task


@shared_task(acks_late=True)
def send_outgoing_email_task(*, email_id: int) -> bool:
    from intake.services import email_send

    return email_send(email_id=email_id)


@shared_task
def retry_pending_emails_task() -> int:
    from intake.services import emails_retry_pending

    return emails_retry_pending()
