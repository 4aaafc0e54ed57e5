"""Issue 12, the "smaller" list: each fix with the check that keeps it fixed."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.choices import Channel
from intake.services.agreements import agreement_create
from tests.factories import CustomerFactory, make_case
from tests.field_visits.helpers import make_order, next_weekday, schedule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("channel", "shown"), [
    (Channel.PRESENCIAL, "Presencial (verbal)</dd>"),
    (Channel.TELEFONICO, "Telefónico · verbal</dd>"),
])
def test_the_channel_says_verbal_once(client, coordinador, channel, shown):
    case = make_case(actor=coordinador, channel=channel)
    client.force_login(coordinador)
    for url in (reverse("intake:case-detail", args=[case.pk]),
                reverse("intake:registered", args=[case.pk])):
        page = client.get(url).content.decode()
        assert "(verbal) · verbal" not in page
        assert shown in page


def test_agreement_status_buttons_in_order_with_annulment_last_and_apart(client, front_office):
    customer = CustomerFactory()
    agreement = agreement_create(
        customer=customer, account_number="1000001", debt_amount=Decimal("500000"),
        down_payment=Decimal("0"), installments=5, monthly_interest_rate=Decimal("0"),
        first_due_date=timezone.localdate() + timedelta(days=30), actor=front_office)
    client.force_login(front_office)
    page = client.get(reverse("intake:agreement-detail", args=[agreement.pk])).content.decode()
    signed, annulled = page.index("Marcar: Firmado"), page.index("Marcar: Anulado")
    assert signed < annulled
    # The buttons sit in the flex row (a <p> would be closed by the first <form>).
    row = page[page.index('<div class="actions-row">'):]
    assert row.index("Marcar: Anulado") < row.index("</div>")
    assert re.search(r'class="btn btn-danger">Marcar: Anulado', page)


def test_radicados_do_not_wrap_in_tables(client, coordinador):
    make_case(actor=coordinador)
    client.force_login(coordinador)
    page = client.get(reverse("intake:case-list")).content.decode()
    assert '<td class="radicado">' in page
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/app.css"), encoding="utf-8").read()
    assert re.search(r"td\.radicado[^{]*\{[^}]*white-space:\s*nowrap", css)


def test_the_brigadistas_upcoming_visits_are_links_and_maps_name_the_municipality(
        client, back_office, brigadista):
    case = make_case(actor=back_office)
    order = make_order(case, back_office, address="Carrera 5 # 3-21")
    later = next_weekday(3)
    visit, _w = schedule(order, brigadista, back_office, day=later)
    client.force_login(brigadista)
    page = client.get(reverse("field_visits:my-visits")).content.decode()
    assert f'href="{visit.get_absolute_url()}"' in page
    detail = client.get(visit.get_absolute_url()).content.decode()
    municipality = case.municipality
    assert municipality is not None
    from urllib.parse import quote_plus

    query = quote_plus(f"Carrera 5 # 3-21, {municipality.name}, {municipality.department_name},"
                       " Colombia")
    assert f"geo:0,0?q={query}" in detail.replace("%20", "+")
    assert "openstreetmap.org/search?query=" in detail


def test_every_page_names_its_icon_and_favicon_ico_answers(client):
    page = client.get(reverse("public:file")).content.decode()
    assert 'rel="icon"' in page
    answer = client.get("/favicon.ico")
    assert answer.status_code == 302 and answer["Location"].endswith("favicon.svg")


def test_the_admin_search_image_is_described_in_spanish():
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    cl = SimpleNamespace(search_fields=["id_number"], query="", params={}, is_popup=False,
                         add_facets=False, search_help_text="", result_count=0,
                         show_full_result_count=False, opts=SimpleNamespace(
                             verbose_name_plural="usuarios"))
    with translation.override("es-co"):
        html = render_to_string("admin/search_form.html", {"cl": cl, "search_var": "q"})
    assert 'alt="Search"' not in html
    assert 'alt="Buscar"' in html
