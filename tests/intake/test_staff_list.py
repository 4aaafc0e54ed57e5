"""
The case list: filters, sorting, constant query count, bulk assignment, and its CSV
export (the reports export of the list `casos`, the one export path of cases).
"""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.models import Term
from intake import services
from intake.choices import CaseKind, CaseStatus, Channel
from intake.models import Case
from pqr_portal.roles import Role
from tests.factories import CustomerFactory, make_case, make_user

pytestmark = pytest.mark.django_db
LIST = reverse("intake:case-list")
EXPORT = reverse("reports:export")


def _export_csv(client, **filters):
    """The case list's CSV as the page's export link asks it (reports:export?lista=casos)."""
    return client.get(EXPORT, {"lista": "casos", "formato": "csv", **filters})


def _radicados(response):
    return [c.radicado for c in response.context["page"].object_list]


@pytest.fixture
def cases(back_office):
    ana = CustomerFactory(first_name="Ana", last_name="Zuleta", id_number="52123456",
                          accounts="777001")
    beto = CustomerFactory(first_name="Alberto", last_name="Yepes", accounts="777002")
    a = make_case(customer=ana, channel=Channel.PRESENCIAL, kind=CaseKind.RECLAMO,
                  causal_code="127")
    b = make_case(customer=beto, channel=Channel.WEB, kind=CaseKind.QUEJA, causal_code="303",
                  filed_at=timezone.now() - timedelta(days=40))
    c = make_case(customer=beto, channel=Channel.TELEFONICO, kind=CaseKind.PETICION,
                  causal_code="119")
    services.case_assign(case=c, assignee=back_office, actor=back_office)
    Term.objects.filter(pk=b.response_term_id).update(band=Term.Band.VENCIDO)
    return {"a": a, "b": b, "c": c}


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "asignado"}, ["c"]),
    ({"status": ["radicado", "asignado"]}, ["a", "b", "c"]),
    ({"kind": "queja"}, ["b"]),
    ({"channel": "presencial"}, ["a"]),
    ({"band": "vencido"}, ["b"]),
    ({"assignee": "ninguno"}, ["a", "b"]),
    ({"q": "zuleta"}, ["a"]),
    ({"q": "ana zuleta"}, ["a"]),
    ({"q": "52123456"}, ["a"]),
    ({"q": "777002"}, ["b", "c"]),
])
def test_filters(client, back_office, cases, params, expected):
    client.force_login(back_office)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert sorted(_radicados(response)) == sorted(cases[k].radicado for k in expected)


def test_filter_form_keeps_what_was_chosen(client, back_office, cases):
    client.force_login(back_office)
    html = client.get(LIST, {"status": ["asignado", "radicado"], "kind": "queja",
                             "causal": cases["c"].causal_id}).content.decode()
    assert '<option value="asignado" selected>' in html
    assert '<option value="radicado" selected>' in html
    assert '<option value="en_tramite">' in html
    assert '<option value="queja" selected>' in html
    assert f'<option value="{cases["c"].causal_id}" selected>' in html
    assert 'name="status" id="id_status" multiple' in html


def test_an_invalid_filter_value_is_reported_and_the_others_apply(client, back_office, cases):
    client.force_login(back_office)
    response = client.get(LIST, {"kind": "queja", "channel": "fax", "filed_from": "2026-02-30",
                                 "por_pagina": 25})
    assert _radicados(response) == [cases["b"].radicado]
    html = response.content.decode()
    assert "Se ignoró el filtro «Canal»" in html and "fax" in html
    assert "Se ignoró el filtro «Radicado desde»" in html
    # Pagination and sorting links carry the valid filters only.
    assert response.context["query"] == "kind=queja&por_pagina=25"
    assert "Se ignoró" not in client.get(LIST, {"kind": "queja"}).content.decode()


def test_filter_by_causal_assignee_radicado_and_dates(client, back_office, cases):
    client.force_login(back_office)
    got = _radicados(client.get(LIST, {"causal": cases["c"].causal_id}))
    assert got == [cases["c"].radicado]
    assert _radicados(client.get(LIST, {"assignee": back_office.pk})) == [cases["c"].radicado]
    assert _radicados(client.get(LIST, {"q": cases["b"].radicado})) == [cases["b"].radicado]
    today = timezone.localdate()
    recent = _radicados(client.get(LIST, {"filed_from": (today - timedelta(days=5)).isoformat(),
                                          "filed_to": today.isoformat()}))
    assert sorted(recent) == sorted([cases["a"].radicado, cases["c"].radicado])


def test_sorting_by_radicado_filed_and_due(client, back_office, cases):
    client.force_login(back_office)
    by_rad = _radicados(client.get(LIST, {"order": "radicado"}))
    assert by_rad == sorted(by_rad)
    assert _radicados(client.get(LIST, {"order": "-radicado"})) == sorted(by_rad, reverse=True)
    assert _radicados(client.get(LIST, {"order": "filed"}))[0] == cases["b"].radicado
    due = [c.response_term.due_at for c in client.get(LIST, {"order": "due"})
           .context["page"].object_list]
    assert due == sorted(due) and len(due) == 3
    # A case whose term is no longer running has no deadline to sort by.
    Term.objects.filter(pk=cases["a"].response_term_id).update(met_at=timezone.now())
    due_list = _radicados(client.get(LIST, {"order": "-due"}))
    assert cases["a"].radicado not in due_list and len(due_list) == 2


def test_pagination(client, back_office, cases):
    client.force_login(back_office)
    for _ in range(30):
        make_case()
    response = client.get(LIST, {"por_pagina": 25, "page": 2})
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 33 - 25


def test_query_count_is_constant_whatever_the_page_size(client, back_office,
                                                        django_assert_num_queries):
    client.force_login(back_office)
    gestores = [make_user(Role.BACK_OFFICE) for _ in range(3)]
    for i in range(60):
        case = make_case()
        if i % 2:
            services.case_assign(case=case, assignee=gestores[i % 3], actor=back_office)
    client.get(LIST)  # warm the content-type and session caches
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(LIST, {"por_pagina": 25}).context["page"].object_list) == 25
    with django_assert_num_queries(len(small)):
        page = client.get(LIST, {"por_pagina": 100}).context["page"]
        assert len(page.object_list) == 60
    with django_assert_num_queries(len(small)):
        client.get(LIST, {"por_pagina": 50, "status": "asignado", "order": "due"})


def test_bulk_assign_round_robin_from_the_list(client, coordinador, back_office, cases):
    team = [make_user(Role.BACK_OFFICE) for _ in range(2)]
    client.force_login(coordinador)
    ids = [cases["a"].pk, cases["b"].pk]
    response = client.post(reverse("intake:case-bulk-assign"),
                           {"cases": ids, "round_robin": "on", "next": "status=radicado"})
    assert response.status_code == 302
    assert response["Location"].endswith("?status=radicado")
    owners = list(Case.objects.filter(pk__in=ids).order_by("pk")
                  .values_list("assignee", "status"))
    # Three back-office gestores (the fixture's and two more): turns follow the order of
    # receipt, so the older case "b" goes to the first gestor and "a" to the second.
    assert [o for o, _ in owners] == [team[0].pk, back_office.pk]
    assert {s for _, s in owners} == {CaseStatus.ASIGNADO}


def test_bulk_assign_to_a_person_ignores_cases_out_of_scope(client, coordinador, back_office,
                                                            cases):
    client.force_login(coordinador)
    response = client.post(reverse("intake:case-bulk-assign"),
                           {"cases": [cases["a"].pk, 999999], "assignee": back_office.pk})
    assert response.status_code == 302
    cases["a"].refresh_from_db()
    assert cases["a"].assignee == back_office


def test_csv_export_streams_the_filtered_rows(client, coordinador, cases):
    client.force_login(coordinador)
    response = _export_csv(client, channel="telefonico")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["radicado", "radicado_el", "tipo"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["radicado"] == cases["c"].radicado
    assert row["canal"] == "Telefónico"
    assert row["estado"] == "Asignado"
    assert row["causal"] == "119"
    assert row["responsable"] == "back"


def test_csv_export_has_no_row_cap(client, coordinador):
    for _ in range(3):
        make_case()
    client.force_login(coordinador)
    text = b"".join(_export_csv(client).streaming_content).decode()
    assert len(text.strip().splitlines()) == 1 + Case.objects.count()


def test_count_is_capped_past_the_limit(client, back_office, monkeypatch):
    from intake.views.staff import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 2)
    for _ in range(3):
        make_case()
    client.force_login(back_office)
    response = client.get(LIST, {"por_pagina": 25})
    assert response.context["count_capped"] is True
    assert "Más de 2 casos" in response.content.decode()
    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 3)
    response = client.get(LIST, {"por_pagina": 25})
    assert response.context["count_capped"] is False
    assert "3 casos" in response.content.decode()


def test_past_the_cap_the_coordinator_is_pointed_to_the_export(client, coordinador,
                                                               back_office, monkeypatch):
    """The message follows the export rule (reports registers the links; intake asks none)."""
    from intake.views.staff import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 1)
    for _ in range(2):
        make_case()
    client.force_login(coordinador)
    html = client.get(LIST).content.decode()
    assert "o exporte el CSV" in html and "lista=casos&amp;formato=csv" in html
    client.force_login(back_office)
    html = client.get(LIST).content.decode()
    assert "Más de 1 casos" in html and "exporte" not in html


def test_bulk_assign_without_cases_says_so(client, coordinador, back_office):
    client.force_login(coordinador)
    response = client.post(reverse("intake:case-bulk-assign"), {"assignee": back_office.pk},
                           follow=True)
    assert "Seleccione al menos un caso." in [str(m) for m in response.context["messages"]]


def test_my_cases_shortcut_lists_only_mine(client, back_office, cases):
    client.force_login(back_office)
    html = client.get(LIST).content.decode()
    assert f"?assignee={back_office.pk}&amp;order=due" in html
    assert _radicados(client.get(LIST, {"assignee": back_office.pk, "order": "due"})) == [
        cases["c"].radicado]


def test_csv_export_neutralises_formulas(client, coordinador):
    make_case(customer=CustomerFactory(first_name="=HYPERLINK(\"http://x\")",
                                       last_name="Ruiz"))
    client.force_login(coordinador)
    text = b"".join(_export_csv(client).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][rows[0].index("nombres")].startswith("'=HYPERLINK")
