"""The outbox's transition table: only the sender moves an e-mail, and never back from sent."""

from unittest import mock

import pytest
from django.core import mail

from caserecord.models import Event, OutgoingEmail
from caserecord.outbox import OUTBOX_TABLE, email_send
from caserecord.transitions import TransitionNotAllowed
from pqr_portal.roles import Role

pytestmark = pytest.mark.django_db


def outgoing(**kw):
    return OutgoingEmail.objects.create(to=["usuario@example.com"], subject="Asunto", body="Hola",
                                        **kw)


def test_only_the_system_moves_an_email_and_a_sent_one_stays_sent():
    assert set(OUTBOX_TABLE.allowed_targets("pending", {Role.SYSTEM})) == {"sent", "failed"}
    assert OUTBOX_TABLE.allowed_targets("pending", {Role.COORDINADOR}) == []
    assert OUTBOX_TABLE.allowed_targets("sent", {Role.SYSTEM}) == []
    with pytest.raises(TransitionNotAllowed):
        OUTBOX_TABLE.check("pending", "sent", {Role.BACK_OFFICE})


def test_a_failed_send_then_a_good_one_follow_the_table():
    email = outgoing()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")):
        assert email_send(email_id=email.pk) is False
        assert email_send(email_id=email.pk) is False  # failed again: no move, one more attempt
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED and email.attempts == 2
    assert email_send(email_id=email.pk) is True
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and len(mail.outbox) == 1
    # The row is its own log: the outbox writes no event (docs/transitions.md).
    assert not Event.objects.exists()


def test_a_row_in_a_state_the_table_does_not_know_is_not_sent():
    email = outgoing()
    OutgoingEmail.objects.filter(pk=email.pk).update(status="bogus")
    with pytest.raises(TransitionNotAllowed):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "bogus" and email.attempts == 0 and mail.outbox == []
