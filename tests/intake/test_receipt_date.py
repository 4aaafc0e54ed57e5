"""
A document registered after it arrived keeps its date of receipt, with the
reason, and the terms count from it (issue 10, item 6). Real dates around Holy Week.
"""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from compliance.terms import BOGOTA
from intake.choices import CaseKind, Channel
from intake.models import Case
from tests.factories import CustomerFactory, make_case
from tests.intake.test_staff_front_desk import REGISTER, _case_post, _customer_post

pytestmark = pytest.mark.django_db

# Registered Monday 6 April 2026, after Holy Thursday and Good Friday (2 and 3 April).
MONDAY = datetime(2026, 4, 6, 9, 30, tzinfo=BOGOTA)


@time_machine.travel(MONDAY, tick=False)
def test_terms_count_from_the_day_the_letter_arrived(back_office):
    case = make_case(actor=back_office, channel=Channel.ESCRITO, received_on=date(2026, 4, 1),
                     received_reason="La carta llegó por correo certificado el miércoles.")
    assert case.received_at == datetime(2026, 4, 1, tzinfo=BOGOTA)
    assert case.filed_at == MONDAY  # the radicado keeps the order of registration
    # From Wed 1 April: day 1 is Mon 6 April, day 15 Fri 24 April (not Mon 27 April).
    assert case.response_term.due_date == date(2026, 4, 24)
    event = case.events.get(kind="case.received_earlier")
    assert "correo certificado" in event.data["reason"]


@time_machine.travel(MONDAY, tick=False)
def test_registration_the_same_day_keeps_the_usual_term(back_office):
    case = make_case(actor=back_office, received_on=date(2026, 4, 6))
    assert case.received_at is None and case.received_reason == ""
    assert case.response_term.due_date == date(2026, 4, 27)


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(("received_on", "reason", "field"), [
    (date(2026, 4, 7), "", "received_on"),  # future
    (date(2026, 4, 1), "  ", "received_reason"),  # earlier without a reason
])
def test_receipt_date_is_validated_in_the_service(back_office, received_on, reason, field):
    with pytest.raises(ValidationError) as exc:
        make_case(actor=back_office, received_on=received_on, received_reason=reason)
    assert field in exc.value.message_dict
    assert not Case.objects.exists()


@time_machine.travel(MONDAY, tick=False)
def test_the_desk_form_takes_the_receipt_date_and_reason(client, front_office):
    customer = CustomerFactory()
    client.force_login(front_office)
    page = client.get(REGISTER).content.decode()
    assert "Fecha en que llegó el documento" in page
    refused = client.post(REGISTER, {**_customer_post(customer), **_case_post(
        channel=Channel.ESCRITO, received_on="2026-04-01")})
    assert refused.status_code == 400 and not Case.objects.exists()
    assert "Explique por qué se radica después" in refused.content.decode()
    future = client.post(REGISTER, {**_customer_post(customer), **_case_post(
        received_on="2026-04-08", received_reason="x")})
    assert future.status_code == 400 and "no puede ser futura" in future.content.decode()
    response = client.post(REGISTER, {**_customer_post(customer), **_case_post(
        channel=Channel.ESCRITO, kind=CaseKind.PETICION, received_on="2026-04-01",
        received_reason="Llegó el miércoles santo; se radica el lunes.")})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.response_term.due_date == date(2026, 4, 24)
    detail = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    assert "Recibido el" in detail and "Llegó el miércoles santo" in detail
