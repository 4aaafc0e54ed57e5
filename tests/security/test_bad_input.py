"""
Bad input answers 4xx, never 500 (issue 11, item 10): the cases found by hand.
The property-based sweep over every form and URL parameter is test_fuzz.py.
"""

import pytest
from django.urls import reverse

from pqr_portal.roles import Role
from tests.factories import CustomerFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("alert_id", ["abc", "1; DROP TABLE x", "", "9" * 30, "-1", "1.5"])
def test_marking_an_alert_read_with_a_bad_id_is_not_a_server_error(client, coordinador,
                                                                   alert_id):
    client.force_login(coordinador)
    answer = client.post(reverse("compliance:alerts"), {"alert_id": alert_id})
    assert answer.status_code < 500
    assert answer.status_code in (302, 400)


@pytest.mark.parametrize("code", ["a/b", "../../etc", "A B", "x" * 500, "%00", "ñ/ü"])
def test_the_verification_form_with_an_odd_code_is_not_a_server_error(client, code):
    answer = client.get(reverse("responses_public:verify-form"), {"code": code})
    assert answer.status_code in (302, 400, 404)


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.FRONT_OFFICE, True), (Role.COORDINADOR, True),
    (Role.BACK_OFFICE, False), (Role.AUXILIAR, False)])
def test_a_quick_answer_is_offered_only_to_who_may_close_it(client, role, allowed):
    """
    Back office and auxiliar could open the page and fill it, then the closing
    move refused them (a 500 once, a 403 after the typing): now the page, the
    links and the service agree with the case table.
    """
    from intake.models import Case

    user = make_user(role)
    customer = CustomerFactory()
    client.force_login(user)
    url = reverse("intake:quick-answer")
    assert client.get(url).status_code == (200 if allowed else 403)
    page = client.get(reverse("intake:customer-detail", args=[customer.pk])).content.decode()
    assert (url in page) is allowed
    answer = client.post(url, {
        "c-id_type": "CC", "c-id_number": customer.id_number,
        "c-first_name": customer.first_name, "c-last_name": customer.last_name,
        "channel": "presencial", "topic": "tarifas", "question": "¿Cuánto vale el kWh?",
        "answer": "Se explicó la tarifa vigente.", "account_number": ""})
    assert answer.status_code == (302 if allowed else 403)
    assert Case.objects.filter(customer=customer).exists() is allowed


@pytest.mark.parametrize("q", ["²", "٣٣٣", "12²"])
def test_the_searches_take_digits_that_are_not_ascii(client, coordinador, q):
    """Found by the sweep: "²".isdigit() is true, and int("²") was a 500 in the case search."""
    client.force_login(coordinador)
    assert client.get(reverse("intake:case-list"), {"q": q}).status_code == 200
    assert client.get(reverse("intake:customer-list"), {"q": q}).status_code == 200


@pytest.mark.parametrize("url", [
    "/pqr/verificar/a%00b/", "/pqr/verificar/notificacion/a%00b/", "/pqr/radicada/a%00/",
    "/pqr/consultar/?radicado=%00", "/gestion/casos/?q=a%00b", "/terminos/calidad/capacitaciones/?q=%00",
])
def test_a_nul_byte_in_the_address_is_a_400(client, coordinador, url):
    """PostgreSQL refuses NUL in text: a NUL in a token or a filter was a 500."""
    client.force_login(coordinador)
    assert client.get(url).status_code == 400
