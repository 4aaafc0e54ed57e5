"""
An electronic notice counts as sent only when the mail server accepts it; one
the outbox gives up on leaves the term open, reopens the notification step
and alerts the coordinators (issue 10, item 5).
"""

import pytest
import time_machine
from django.core import mail

from caserecord.models import OutgoingEmail
from caserecord.outbox import MAX_ATTEMPTS, email_send, emails_retry_pending
from compliance.models import Alert, Term
from compliance.sweep import terms_sweep
from responses.models import Notification
from tests.responses.conftest import bogota, electronic_case, issue, working

pytestmark = pytest.mark.django_db


def _failing_smtp(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refuse)


def test_a_queued_notice_is_not_sent_and_a_failed_one_alerts_and_reopens(
        monkeypatch, back_office, coordinador):
    """
    Issued Fri 4 Dec 2026; the reclamo (filed Tue 1 Dec) is due Wed 23 Dec
    (8 Dec, Inmaculada Concepción, skipped). The e-mail never leaves: after
    MAX_ATTEMPTS the notice is given up, the response term is still open and
    runs out on its day, with its non-conformity.
    """
    with time_machine.travel(bogota(2026, 12, 1, 9), tick=False):
        case = electronic_case(actor=back_office, assignee=back_office)
    working(case, back_office)
    term = Term.objects.get(case=case, purpose=Term.Purpose.RESPUESTA)
    assert term.due_date.isoformat() == "2026-12-23"
    with time_machine.travel(bogota(2026, 12, 4, 9), tick=False):
        letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 4, 9))
    notification = letter.notification
    email = OutgoingEmail.objects.get(pk=notification.email_id)
    assert email.status == OutgoingEmail.Status.PENDING
    assert Term.objects.get(pk=term.pk).met_at is None

    _failing_smtp(monkeypatch)
    with time_machine.travel(bogota(2026, 12, 4, 10), tick=False):
        assert email_send(email_id=email.pk) is False
        assert not Alert.objects.filter(reason=Alert.Reason.NOTICE_FAILED).exists()
        OutgoingEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
        assert emails_retry_pending() == 0  # the last attempt fails too
        assert emails_retry_pending() == 0  # and the outbox stops retrying
    notification.refresh_from_db()
    assert notification.email_sent_at is None and notification.dispatched_at is None
    assert notification.channel == Notification.Channel.PERSONAL  # the step reopens
    assert Term.objects.get(pk=term.pk).met_at is None
    citation = Term.objects.get(case=case, purpose=Term.Purpose.CITACION)
    assert citation.due_date.isoformat() == "2026-12-14"  # 5 business days, 8 Dec skipped
    alerted = set(Alert.objects.filter(reason=Alert.Reason.NOTICE_FAILED)
                  .values_list("recipient_id", flat=True))
    assert alerted == {coordinador.pk, back_office.pk}
    assert case.events.filter(kind="notification.email_failed").count() == 1
    assert not case.events.filter(kind="notification.email_sent").exists()
    with time_machine.travel(bogota(2026, 12, 24, 9), tick=False):
        terms_sweep(now=bogota(2026, 12, 24, 9))
    term.refresh_from_db()
    assert term.band == "vencido" and term.met_at is None
    assert term.nonconformities.count() == 1


def test_a_notice_accepted_late_meets_the_term_when_accepted(back_office, coordinador):
    with time_machine.travel(bogota(2026, 12, 1, 9), tick=False):
        case = electronic_case(actor=back_office)
    working(case, back_office)
    with time_machine.travel(bogota(2026, 12, 4, 9), tick=False):
        letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 4, 9))
    with time_machine.travel(bogota(2026, 12, 7, 8), tick=False):
        assert email_send(email_id=letter.notification.email_id)
        assert email_send(email_id=letter.notification.email_id)  # once only
    term = Term.objects.get(case=case, purpose=Term.Purpose.RESPUESTA)
    assert term.met_at == bogota(2026, 12, 7, 8)
    assert case.events.filter(kind="notification.email_sent").count() == 1
