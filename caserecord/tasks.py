"""Celery entry points of the outbox (defined beside their services in caserecord.outbox)."""

from caserecord.outbox import retry_pending_emails_task, send_outgoing_email_task

__all__ = ["retry_pending_emails_task", "send_outgoing_email_task"]
