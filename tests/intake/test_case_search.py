"""Finding a case from the header: radicado or its number, document, account, name, words."""

from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from compliance.terms import BOGOTA
from intake.models import Case
from intake.selectors import case_search
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db
LIST = reverse("intake:case-list")
FILED = datetime(2026, 12, 1, 10, 0, tzinfo=BOGOTA)


@pytest.fixture
def cases(back_office):
    with time_machine.travel(FILED, tick=False):
        perez = CustomerFactory(first_name="María José", last_name="Pérez Ñáñez",
                                id_number="52123456", accounts="777001")
        gomez = CustomerFactory(first_name="Luis", last_name="Gómez", id_number="7001234",
                                accounts="888002")
        empresa = CustomerFactory(first_name="", last_name="",
                                  business_name="Panadería La Espiga S.A.S.")
        a = make_case(customer=perez, description="El medidor quedó dañado tras la tormenta.")
        b = make_case(customer=gomez, description="Cobro de energía reactiva en la factura.")
        c = make_case(customer=empresa, subject="Facturación",
                      description="Solicitan revisar los consumos facturados desde julio.")
    return {"a": a, "b": b, "c": c}


def _found(query, cases):
    keys = {v.pk: k for k, v in cases.items()}
    return sorted(keys[pk] for pk in case_search(Case.objects.all(), query)
                  .values_list("pk", flat=True))


@pytest.mark.parametrize(("query", "expected"), [
    ("perez", ["a"]),                    # accents and case do not matter
    ("PÉREZ", ["a"]),
    ("nanez maria", ["a"]),              # every word, in any order, ñ as n
    ("maría  josé", ["a"]),
    ("gomez", ["b"]),
    ("espiga", ["c"]),                   # business names too
    ("52123456", ["a"]),                 # document
    ("52.123.456", ["a"]),
    ("888002", ["b"]),                   # account (NIU)
    ("medidor", ["a"]),                  # words of the description
    ("medidores dañados", ["a"]),        # Spanish stems on PostgreSQL, substrings on SQLite
    ("reactiva factura", ["b"]),
    ("facturación", ["c"]),              # the subject
    ("tormenta factura", []),            # every word must be in one case
    ("zzz", []),
    ("", ["a", "b", "c"]),
])
def test_search_by_what_staff_have_at_hand(cases, query, expected):
    if query == "medidores dañados" and connection.vendor != "postgresql":
        pytest.skip("stems need PostgreSQL's Spanish configuration")
    assert _found(query, cases) == expected


def test_search_by_radicado_whole_or_by_its_number(cases):
    a, c = cases["a"], cases["c"]
    assert a.radicado == "2026-000001" and c.radicado == "2026-000003"
    assert _found("2026-000003", cases) == ["c"]
    assert _found(" 2026-000003 ", cases) == ["c"]
    assert _found("000003", cases) == ["c"]      # the number alone, zeros or not
    assert _found("3", cases) == ["c"]
    assert _found("000009", cases) == []         # no year reached that number
    assert _found("2025-000003", cases) == []


def test_a_number_finds_the_same_number_of_every_year(back_office):
    with time_machine.travel(datetime(2025, 6, 2, 10, tzinfo=BOGOTA), tick=False):
        old = make_case(actor=back_office)
    with time_machine.travel(FILED, tick=False):
        new = make_case(actor=back_office)
    assert {old.radicado, new.radicado} == {"2025-000001", "2026-000001"}
    found = case_search(Case.objects.all(), "000001")
    assert sorted(found.values_list("radicado", flat=True)) == ["2025-000001", "2026-000001"]


def test_search_keeps_the_scope_of_who_searches(cases, brigadista):
    from intake.selectors import case_queryset_for

    assert not case_search(case_queryset_for(brigadista), "perez").exists()


def test_the_case_list_q_uses_the_same_search(client, back_office, cases):
    client.force_login(back_office)
    response = client.get(LIST, {"q": "perez"})
    assert [c.radicado for c in response.context["page"].object_list] == [cases["a"].radicado]
    response = client.get(LIST, {"q": "000002"})
    assert [c.radicado for c in response.context["page"].object_list] == [cases["b"].radicado]


def test_the_header_search_is_on_every_staff_page_for_who_may_search(client, back_office,
                                                                      brigadista):
    client.force_login(back_office)
    html = client.get(reverse("intake:register")).content.decode()
    assert 'role="search"' in html and f'action="{LIST}"' in html and 'name="q"' in html
    client.force_login(brigadista)
    html = client.get(reverse("home")).content.decode()
    assert 'role="search"' not in html


def test_the_header_search_keeps_the_query_on_the_results(client, back_office, cases):
    client.force_login(back_office)
    html = client.get(LIST, {"q": "perez"}).content.decode()
    assert 'id="header-q" name="q" value="perez"' in html


def test_many_matches_are_found_by_walking_the_cases_not_by_a_list_of_ids(cases, monkeypatch):
    from intake import selectors

    monkeypatch.setattr(selectors, "TEXT_FEW", 1)
    with time_machine.travel(FILED, tick=False):
        second = make_case(customer=cases["a"].customer, description="Otro reclamo.")
    found = case_search(Case.objects.all(), "perez")
    # The conditions (the customers found by name), not a list of the cases found.
    assert f'"intake_case"."customer_id" IN ({cases["a"].customer_id})' in str(found.query)
    assert sorted(found.values_list("pk", flat=True)) == sorted([cases["a"].pk, second.pk])
    # Beyond NAMES_FEW customers, the names stay a subquery.
    monkeypatch.setattr(selectors, "NAMES_FEW", 0)
    found = case_search(Case.objects.all(), "perez")
    assert '"intake_case"."customer_id" IN (SELECT' in str(found.query)
    assert sorted(found.values_list("pk", flat=True)) == sorted([cases["a"].pk, second.pk])


def test_words_of_many_cases_are_checked_on_the_listed_cases_themselves(cases, monkeypatch):
    from intake import selectors

    monkeypatch.setattr(selectors, "TEXT_FEW", 1)
    with time_machine.travel(FILED, tick=False):
        second = make_case(customer=cases["b"].customer, description="Otro medidor dañado.")
    found = case_search(Case.objects.all(), "medidor")
    sql = str(found.query)
    if connection.vendor == "postgresql":
        # The words' condition on the listed rows (the full-text index's expression),
        # not a set of every matching id built first.
        assert 'to_tsvector(\'spanish\'::regconfig, pqr_unaccent("intake_case"."subject"' in sql
    assert sorted(found.values_list("pk", flat=True)) == sorted([cases["a"].pk, second.pk])
    # Inside another query (an export wraps the list as a subquery, relabelled U0) the
    # condition follows its alias: same cases, no reference to an outer table.
    wrapped = Case.objects.filter(pk__in=found.values("pk"))
    assert sorted(wrapped.values_list("pk", flat=True)) == sorted([cases["a"].pk, second.pk])
    # Ordered newest first and counted, as the list page does.
    assert found.order_by("-filed_at", "-pk").count() == 2


def test_when_the_many_come_from_names_the_words_stay_a_short_list_of_ids(cases, monkeypatch):
    from intake import selectors

    monkeypatch.setattr(selectors, "TEXT_FEW", 1)
    with time_machine.travel(FILED, tick=False):
        second = make_case(customer=cases["a"].customer, description="Otro reclamo.")
    # "perez" matches two cases by name and none by words: checking the words on every
    # walked case would be the slow part, so they stay `id IN (…)`.
    found = case_search(Case.objects.all(), "perez")
    assert "to_tsvector('spanish'::regconfig, pqr_unaccent(\"intake_case\"" not in str(found.query)
    assert sorted(found.values_list("pk", flat=True)) == sorted([cases["a"].pk, second.pk])
