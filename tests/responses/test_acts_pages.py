"""The acts through their pages: the case page offers them, the forms record them."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance.models import Term
from compliance.terms import BOGOTA
from intake.choices import CaseKind, CaseStatus
from tests.factories import make_case
from tests.responses.conftest import working

pytestmark = pytest.mark.django_db


def bogota(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=BOGOTA)


def test_traslado_through_its_page(client, back_office):
    with time_machine.travel(bogota(2026, 6, 25), tick=False):
        case = working(make_case(actor=back_office, kind=CaseKind.PETICION), back_office)
    client.force_login(back_office)
    with time_machine.travel(bogota(2026, 7, 1), tick=False):
        page = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
        assert "Trasladar por competencia" in page and "03/07/2026" in page
        url = reverse("responses:act-traslado", args=[case.pk])
        refused = client.post(url, {"entity_name": "", "reasons": ""})
        assert refused.status_code == 400
        done = client.post(url, {"entity_name": "Gas Natural del Sinú S.A. E.S.P.",
                                 "reasons": "Es un reclamo por el servicio de gas."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.TRASLADADO
    assert case.letters.count() == 2


def test_requerimiento_then_desistimiento_tacito_through_the_pages(client, back_office):
    with time_machine.travel(bogota(2026, 10, 27), tick=False):
        case = working(make_case(actor=back_office, kind=CaseKind.PETICION), back_office)
    client.force_login(back_office)
    with time_machine.travel(bogota(2026, 11, 6), tick=False):
        response = client.post(reverse("responses:act-requerimiento", args=[case.pk]),
                               {"missing": "Copia del contrato de arrendamiento"})
    assert response.status_code == 302
    month = case.terms.get(purpose=Term.Purpose.COMPLETAR)
    with time_machine.travel(bogota(2026, 11, 20), tick=False):
        page = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
        assert "Registrar que completó la solicitud" in page
        assert "Declarar desistimiento tácito" not in page
        early = client.post(reverse("responses:act-desistimiento-tacito", args=[case.pk]),
                            {"reasons": "No respondió."})
        assert early.status_code == 400
    with time_machine.travel(month.due_at, tick=False):
        page = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
        assert "Declarar desistimiento tácito" in page
        drafted = client.post(reverse("responses:act-desistimiento-tacito", args=[case.pk]),
                              {"reasons": "No aportó el contrato."})
    act = case.responses.get(purpose="desistimiento_tacito")
    assert drafted.status_code == 302 and drafted.url == reverse("responses:edit", args=[act.pk])


def test_desistimiento_expreso_through_its_page(client, back_office):
    with time_machine.travel(bogota(2026, 12, 7), tick=False):
        case = working(make_case(actor=back_office), back_office)
    client.force_login(back_office)
    writing = SimpleUploadedFile("desisto.pdf", b"%PDF-1.4\n%%EOF\n",
                                 content_type="application/pdf")
    with time_machine.travel(bogota(2026, 12, 9), tick=False):
        response = client.post(reverse("responses:act-desistimiento-expreso", args=[case.pk]),
                               {"document": writing, "note": "Llegamos a un acuerdo."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DESISTIDO


@pytest.mark.parametrize("name", ["act-requerimiento", "act-completion",
                                  "act-desistimiento-tacito", "act-desistimiento-expreso",
                                  "act-traslado"])
def test_front_office_cannot_post_an_act(client, front_office, name):
    case = make_case()
    client.force_login(front_office)
    response = client.post(reverse(f"responses:{name}", args=[case.pk]), {})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO
