"""
The citizen's page: identified by radicado + tracking code, files a request
of the same customer; a wrong code files nothing and reads like an unknown
radicado; no consent is recorded on it.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from caserecord.models import Event
from intake.choices import CaseKind, Channel
from intake.models import Case
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db

URL = "/pqr/datos-personales/"


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def _post(client, case, code, right="acceso", description="Quiero saber qué datos tienen."):
    return client.post(URL, {"radicado": case.radicado, "tracking_code": code, "right": right,
                             "description": description})


def test_the_page_is_linked_from_the_privacy_notice_and_the_home(client):
    assert client.get(URL).status_code == 200
    assert URL in client.get(reverse("public:privacy")).content.decode()
    assert URL in client.get(reverse("public-home")).content.decode()


@pytest.mark.parametrize(("right", "kind", "days"), [
    ("acceso", CaseKind.DATOS_CONSULTA, 10),
    ("correccion", CaseKind.DATOS_RECTIFICACION, 15),
    ("supresion", CaseKind.DATOS_SUPRESION, 15),
])
def test_the_right_pair_files_a_case_of_the_same_customer(client, right, kind, days):
    source = make_case()
    response = _post(client, source, source.tracking_code.lower(), right=right)
    assert response.status_code == 200, response.content.decode()
    case = Case.objects.get(kind=kind)
    assert case.customer_id == source.customer_id and case.channel == Channel.WEB
    assert case.response_term.length == days
    html = response.content.decode()
    assert case.radicado in html and case.tracking_code in html
    # The receipt, like any filing, for this browser.
    assert client.get(reverse("public:receipt", args=[case.radicado])).status_code == 200
    filed = Event.objects.get(case=case, kind="habeas.filed")
    assert filed.data == {"identified_by": source.radicado, "right": right}
    # Nobody was asked for a consent on this page: none is recorded.
    assert case.data_consent_at is None and case.data_consent_version == ""


def test_a_wrong_code_files_nothing_and_reads_like_an_unknown_radicado(client):
    victim = make_case(customer=CustomerFactory(first_name="Victima"))
    before = Case.objects.count()
    wrong = _post(client, victim, "ABCDEFGHJKLM")
    unknown = client.post(URL, {"radicado": "2026-999999", "tracking_code": "ABCDEFGHJKLM",
                                "right": "acceso", "description": "x"})
    assert wrong.status_code == unknown.status_code == 400
    message = "No encontramos una solicitud con ese número de radicado y ese código de consulta"
    assert message in wrong.content.decode() and message in unknown.content.decode()
    assert Case.objects.count() == before
    assert "Victima" not in wrong.content.decode()
    # And no way to the victim's case from this browser.
    assert client.get(reverse("public:receipt", args=[victim.radicado])).status_code == 404


def test_the_code_of_one_case_never_files_for_another_customer(client):
    mine, other = make_case(), make_case()
    assert _post(client, other, mine.tracking_code).status_code == 400
    assert not Case.objects.filter(kind=CaseKind.DATOS_CONSULTA).exists()


def test_attempts_are_rate_limited(client, settings):
    case = make_case()
    for _ in range(20):
        _post(client, case, "ABCDEFGHJKLM")
    assert _post(client, case, case.tracking_code).status_code == 429
    assert not Case.objects.filter(kind=CaseKind.DATOS_CONSULTA).exists()


def test_e_mail_only_where_the_holder_accepts_it_on_this_page(client):
    source = make_case(notify_by="email", notify_email="titular@example.com",
                       electronic_consent=True)
    _post(client, source, source.tracking_code)
    postal = Case.objects.get(kind=CaseKind.DATOS_CONSULTA)
    assert (postal.notify_by, postal.notify_email) == ("postal", "")
    assert postal.electronic_consent_at is None
    client.post(URL, {"radicado": source.radicado, "tracking_code": source.tracking_code,
                      "right": "supresion", "description": "Borren lo que no deban guardar.",
                      "electronic_consent": "on"})
    by_email = Case.objects.get(kind=CaseKind.DATOS_SUPRESION)
    assert (by_email.notify_by, by_email.notify_email) == ("email", "titular@example.com")
    assert by_email.electronic_consent_at is not None
