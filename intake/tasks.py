"""Celery entry points of intake (defined beside their services in intake.services.receipts)."""

from intake.services.receipts import receipt_issue_task, retry_pending_receipts_task

__all__ = ["receipt_issue_task", "retry_pending_receipts_task"]
