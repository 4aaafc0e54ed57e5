"""A reclamo de corrección: staff correct the record; the event names fields, not values."""

import json

import pytest

from caserecord.models import Event
from intake.choices import CaseKind
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db


def test_staff_correct_the_record_and_the_event_lists_fields_only(client, back_office,
                                                                  front_office):
    holder = CustomerFactory(first_name="Ana", phone="3000000000")
    request = make_case(customer=holder, kind=CaseKind.DATOS_RECTIFICACION, causal_code=None)
    url = f"/gestion/datos-personales/{request.pk}/corregir/"
    client.force_login(front_office)
    assert client.get(url).status_code == 403
    client.force_login(back_office)
    assert client.get(url).status_code == 200
    fields = {"first_name": "Ana María", "last_name": holder.last_name, "business_name": "",
              "phone": "3111111111", "email": holder.email, "address": holder.address}
    # Without the identity check nothing changes.
    assert client.post(url, fields).status_code == 400
    holder.refresh_from_db()
    assert holder.first_name == "Ana"
    assert client.post(url, {**fields, "identity_verified": "on"}).status_code == 302
    holder.refresh_from_db()
    assert (holder.first_name, holder.phone) == ("Ana María", "3111111111")
    event = Event.objects.get(case=request, kind="customer.corrected")
    assert event.data == {"fields": ["first_name", "phone"]}
    assert "3111111111" not in json.dumps(event.data) and "Ana" not in json.dumps(event.data)
    assert "nombres" in event.summary
    # Not on a case of another kind.
    other = make_case(customer=holder)
    assert client.get(f"/gestion/datos-personales/{other.pk}/corregir/").status_code == 404
