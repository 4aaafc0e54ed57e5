"""Celery entry points of intake: ids in, one service call."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_outgoing_email_task(*, email_id: int) -> bool:
    from intake.services import email_send

    return email_send(email_id=email_id)


@shared_task
def retry_pending_emails_task() -> int:
    """Issue the receipts that failed, then resend the outbox (beat: every 5 minutes)."""
    from intake.receipts import receipts_retry_pending
    from intake.services import emails_retry_pending

    try:
        # Before the outbox: a receipt issued now puts its e-mail in this same sweep.
        receipts_retry_pending()
    except Exception:  # noqa: BLE001 - the outbox must be retried even if this fails
        logger.exception("receipt retry sweep failed")
    return emails_retry_pending()


@shared_task(acks_late=True)
def receipt_issue_task(*, case_id: int) -> bool:
    """Generate, store and e-mail the constancia de radicación of one case."""
    from intake.receipts import receipt_issue

    return receipt_issue(case_id=case_id)
