"""
The e-mail outbox: save first, in the transaction of the change that causes
the message, send after commit, retry from the beat until it goes out.
"""

from __future__ import annotations

import logging
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from caserecord.models import OutgoingEmail
from caserecord.transitions import TransitionTable
from pqr_portal.roles import Role

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 20

_E = OutgoingEmail.Status
_SENDER = {Role.SYSTEM}
# Only the sender (a Celery task, no person) moves an e-mail. These moves write
# no event: the row is its own log (attempts, last error, sent at), and the fact
# of legal value (a notification dispatched) is an event of the record that
# enqueued the message. A failed attempt that fails again is no move.
OUTBOX_TABLE = TransitionTable("caserecord.outgoingemail", {
    (_E.PENDING, _E.SENT): _SENDER,
    (_E.PENDING, _E.FAILED): _SENDER,
    (_E.FAILED, _E.SENT): _SENDER,
})


# What the app that enqueued a message does when the mail server accepted it
# (sent) or when the outbox gave up after MAX_ATTEMPTS (failed), keyed by the
# outbox row's `purpose`: a notification counts as dispatched only then. The
# apps register their handlers in AppConfig.ready(); caserecord imports none.
_HANDLERS: dict[str, dict[str, list]] = {}


def outcome_handler_register(purpose: str, *, sent=None, failed=None) -> None:
    """Call `sent(email)` / `failed(email)` when an outbox row of `purpose` is sent / given up."""
    slot = _HANDLERS.setdefault(purpose, {"sent": [], "failed": []})
    for outcome, handler in (("sent", sent), ("failed", failed)):
        if handler is not None and handler not in slot[outcome]:
            slot[outcome].append(handler)


def _outcome(email: OutgoingEmail, outcome: str) -> None:
    """Run the handlers of `outcome`, each in a savepoint: a bug there never un-sends the row."""
    for handler in _HANDLERS.get(email.purpose, {}).get(outcome, ()):
        try:
            with transaction.atomic():
                handler(email)
        except Exception:  # noqa: BLE001 - logged; the outbox row's own state stands
            logger.exception("outbox %s handler for %s failed (email %s)", outcome,
                             email.purpose, email.pk)


def email_enqueue(*, to, subject: str, body: str, case=None, html_body: str = "",
                  attachments=(), purpose: str = "",
                  dedupe_key: str | None = None) -> OutgoingEmail | None:
    """
    Save an e-mail in the outbox and send it after commit.

    With `dedupe_key`, a second e-mail with the same key is not created
    (returns None): that is how digests go out once per person per day.
    """
    to = [to] if isinstance(to, str) else list(to)
    if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    email = OutgoingEmail.objects.create(
        to=to, subject=subject[:250], body=body, html_body=html_body, case=case,
        attachments=list(attachments), purpose=purpose, dedupe_key=dedupe_key,
    )
    transaction.on_commit(partial(email_dispatch, email_id=email.pk))
    return email


def email_dispatch(*, email_id: int) -> None:
    """Hand an outbox row to Celery; if the broker is down, the beat retry sends it later."""
    try:
        send_outgoing_email_task.delay(email_id=email_id)
    except Exception:  # noqa: BLE001 - any broker failure: the row stays pending
        logger.warning("broker unavailable; outgoing email %s stays pending", email_id,
                       exc_info=True)


def email_send(*, email_id: int) -> bool:
    """Send one outbox row now; return True if it is sent (now or before)."""
    from django.core import mail
    from django.core.files.storage import default_storage

    # The SMTP conversation runs under the lock of this one outbox row: a second
    # worker picking the same row waits instead of sending it twice. Nothing
    # else is locked, and a crash rolls back to "pending" for the retry sweep.
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status == OutgoingEmail.Status.SENT:
            return True
        OUTBOX_TABLE.check(email.status, _E.SENT, _SENDER)  # before anything goes out
        message = mail.EmailMultiAlternatives(
            subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.to,
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        for att in email.attachments:
            with default_storage.open(att["path"], "rb") as fh:
                message.attach(att["name"], fh.read(), att.get("mimetype"))
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - SMTP errors vary; keep the row and retry
            if email.status != _E.FAILED:
                OUTBOX_TABLE.check(email.status, _E.FAILED, _SENDER)
            email.status = OutgoingEmail.Status.FAILED
            email.last_error = repr(exc)[:2000]
            email.save(update_fields=["status", "last_error", "attempts"])
            logger.warning("email %s failed: %s", email_id, exc)
            if email.attempts == MAX_ATTEMPTS:
                # The retries stop here (emails_retry_pending): tell the sender, once.
                _outcome(email, "failed")
            return False
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["status", "sent_at", "last_error", "attempts"])
        _outcome(email, "sent")
        return True


# The Celery entry points live beside the services they call (caserecord.tasks
# re-exports them under their public names), so the outbox and its tasks
# import in one direction only.
@shared_task(name="caserecord.tasks.send_outgoing_email_task", acks_late=True)
def send_outgoing_email_task(*, email_id: int) -> bool:
    return email_send(email_id=email_id)


@shared_task(name="caserecord.tasks.retry_pending_emails_task")
def retry_pending_emails_task() -> int:
    """Resend every outbox row not yet sent (beat: every 5 minutes)."""
    return emails_retry_pending()


def emails_retry_pending(*, max_attempts: int = MAX_ATTEMPTS) -> int:
    """Send again every outbox row not yet sent; return how many went out."""
    ids = list(OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT)
               .filter(attempts__lt=max_attempts).values_list("pk", flat=True)[:500])
    return sum(1 for pk in ids if email_send(email_id=pk))
