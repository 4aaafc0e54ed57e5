"""
The constancia de radicación: render after commit, store, e-mail.

Nothing here runs inside the filing transaction. case_file_public()
schedules receipt_dispatch() with transaction.on_commit; the dispatch hands
the case id to Celery, and the task calls receipt_issue(). If the broker,
the PDF renderer or the mail server fail, the case is already saved and
Case.receipt_sent_at stays empty (or the outbox row stays pending): the beat
retry (intake.tasks.retry_pending_emails_task, every 5 minutes) calls
receipts_retry_pending() and then resends the outbox.

Case.receipt_sent_at means: the PDF is stored on the case and its e-mail,
when there is an address, is in the outbox (which guarantees delivery).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.outbox import email_enqueue
from caserecord.services import event_record
from intake import pdf
from intake.choices import Channel
from intake.models import Attachment, Case
from intake.services import cases as services

logger = logging.getLogger(__name__)

RECEIPT_MIME = "application/pdf"
# The sweep only looks this far back: older cases predate the receipt or
# were filed by hand at the counter, where the clerk prints the constancia.
RETRY_WINDOW = timedelta(days=7)
# Leave the first attempt time to run before the sweep competes with it.
RETRY_GRACE = timedelta(minutes=2)


def receipt_filename(case: Case) -> str:
    return f"constancia-{case.radicado}.pdf"


def receipt_recipient(case: Case) -> str:
    """
    Return where the receipt goes.

    The notification e-mail first; else, for a web filing, the e-mail typed
    on the form (never the customer record's: whoever filed may not be the
    holder of that document); else, for a desk filing, the customer's.
    """
    if case.notify_email:
        return case.notify_email
    if case.has_typed_contact:
        return case.contact_email
    return case.customer.email or ""


def receipt_attachment(case: Case) -> Attachment | None:
    """Return the stored constancia of `case`, if it was generated."""
    return case.attachments.filter(kind=Attachment.Kind.CONSTANCIA).order_by("pk").first()


def receipt_dispatch(*, case_id: int) -> None:
    """Hand the receipt to Celery (after commit); a broker that is down leaves it to the sweep."""
    try:
        receipt_issue_task.delay(case_id=case_id)
    except Exception:  # noqa: BLE001 - any broker failure: receipt_sent_at stays empty
        logger.warning("broker unavailable; receipt of case %s left to the retry sweep",
                       case_id, exc_info=True)


@shared_task(name="intake.tasks.receipt_issue_task", acks_late=True)
def receipt_issue_task(*, case_id: int) -> bool:
    """Generate, store and e-mail the constancia de radicación of one case."""
    return receipt_issue(case_id=case_id)


@shared_task(name="intake.tasks.retry_pending_receipts_task")
def retry_pending_receipts_task() -> int:
    """Issue the receipts that failed (beat: every 5 minutes, before the outbox retry)."""
    return receipts_retry_pending()


def receipt_schedule(case: Case) -> None:
    """Schedule the receipt of `case` for after the current transaction commits."""
    transaction.on_commit(partial(receipt_dispatch, case_id=case.pk))


def _email_texts(case: Case) -> tuple[str, str]:
    ctx = {
        "case": case,
        "company": settings.PQR_COMPANY_NAME,
        "due_date": case.response_term.due_date if case.response_term else None,
        "filed_local": timezone.localtime(case.filed_at),
        "track_url": (settings.SITE_URL.rstrip("/") + reverse("public:track") + "?"
                      + urlencode({"radicado": case.radicado})),
    }
    subject = _("Constancia de radicación %(radicado)s") % {"radicado": case.radicado}
    body = render_to_string("intake/public/receipt_email.txt", ctx)
    return subject, body


def receipt_issue(*, case_id: int) -> bool:
    """
    Generate, store and e-mail the constancia of one case; return True when done.

    Idempotent: a case whose receipt_sent_at is set is left alone, and a
    constancia already stored is reused rather than rendered again. The PDF
    is rendered outside any transaction (slow I/O never holds a row lock).
    Rendering errors propagate, so the caller (task or sweep) logs them and
    the sweep tries again.
    """
    case = (Case.objects.select_related("customer", "causal", "response_term", "municipality",
                                        "created_by")
            .get(pk=case_id))
    if case.receipt_sent_at is not None:
        return True
    existing = receipt_attachment(case)
    content = None if existing else pdf.render_receipt(case)

    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case_id)
        if locked.receipt_sent_at is not None:
            return True  # another worker finished first
        att = receipt_attachment(case)
        if att is None:
            att = services.attachment_add_bytes(
                case=case, name=receipt_filename(case), content=content, mime=RECEIPT_MIME,
                actor=None, kind=Attachment.Kind.CONSTANCIA, public=True,
                description=_("Constancia de radicación"),
            )
        to = receipt_recipient(case)
        if to:
            subject, body = _email_texts(case)
            email_enqueue(
                to=to, subject=subject, body=body, case=case, purpose="receipt",
                dedupe_key=f"receipt:{case.pk}",
                attachments=[{"name": receipt_filename(case), "path": att.file.name,
                              "mimetype": RECEIPT_MIME}],
            )
        now = timezone.now()
        Case.objects.filter(pk=case_id).update(receipt_sent_at=now)
        event_record(
            case=case, kind="case.receipt_issued", actor=None,
            data={"attachment_id": att.pk, "sha256": att.sha256, "emailed_to": to},
        )
    return True


def receipts_retry_pending(*, limit: int = 100, grace: timedelta = RETRY_GRACE) -> int:
    """
    Issue the receipts that failed (renderer, broker or worker down); return how many.

    Only web filings of the last RETRY_WINDOW are swept; one failing case
    never stops the others.
    """
    now = timezone.now()
    ids = list(
        # filed_at (equal to the creation instant for web filings) rides the
        # case_filed_idx index: the sweep reads a week of cases, not the table.
        Case.objects.filter(receipt_sent_at__isnull=True, channel=Channel.WEB,
                            filed_at__gte=now - RETRY_WINDOW, filed_at__lte=now - grace)
        .order_by("filed_at").values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in ids:
        try:
            done += bool(receipt_issue(case_id=pk))
        except Exception:  # noqa: BLE001 - log and go on with the next case
            logger.exception("receipt of case %s failed again", pk)
    return done
