"""A request to a support process created from an inspection page, linked to it both ways."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from caserecord.models import Event
from compliance import services
from compliance.models import ChecklistTemplate, SupportRequest
from compliance.terms import BOGOTA

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 14, 9, tzinfo=BOGOTA)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _inspection(brigadista):
    template = ChecklistTemplate.objects.get(code="chequeo-preoperacional", active=True)
    answers = {}
    for item in template.items.all():
        fail = item.key == "epp"
        answers[item.pk] = {"result": "no_cumple" if fail else "cumple",
                            "note": "Guantes vencidos" if fail else "", "photo": None}
    return services.inspection_record(actor=brigadista, template=template, answers=answers,
                                      team="Brigada 2")


def test_the_coordinator_requests_from_the_inspection_page(client, coordinador, brigadista):
    inspection = _inspection(brigadista)
    failed_text = inspection.answers.get(result="no_cumple").item.text
    client.force_login(coordinador)
    detail = reverse("compliance:inspection-detail", args=[inspection.pk])
    new = reverse("compliance:support-new") + f"?inspection={inspection.pk}"
    assert new in client.get(detail).content.decode()
    form = client.get(new).content.decode()
    # The origin is pre-filled: the link back, the hidden id and the failed points.
    assert detail in form and f'name="inspection_id" value="{inspection.pk}"' in form
    assert failed_text in form
    response = client.post(new, {
        "kind": "compra", "description": "10 pares de guantes dieléctricos clase 0",
        "due_date": "2026-10-20", "owner": str(coordinador.pk),
        "inspection_id": str(inspection.pk)})
    assert response.status_code == 302 and response.url == detail
    request = SupportRequest.objects.get()
    assert request.inspection_id == inspection.pk and request.nonconformity_id is None
    event = Event.objects.get(kind="support_request.opened", record_id=request.pk)
    assert event.data["inspection_id"] == inspection.pk and event.actor_id == coordinador.pk
    page = client.get(detail).content.decode()
    assert reverse("compliance:support-detail", args=[request.pk]) in page
    assert detail in client.get(reverse("compliance:support-detail",
                                        args=[request.pk])).content.decode()


def test_only_the_coordinator_is_offered_the_request(client, gerente, brigadista):
    inspection = _inspection(brigadista)
    detail = reverse("compliance:inspection-detail", args=[inspection.pk])
    for user in (gerente, brigadista):
        client.force_login(user)
        assert "?inspection=" not in client.get(detail).content.decode()
    client.force_login(brigadista)
    assert client.get(reverse("compliance:support-new")
                      + f"?inspection={inspection.pk}").status_code == 403
