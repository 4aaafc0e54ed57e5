"""The archive's pages: archiving from the pending list, search and filters, loans, landing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from archive import services
from archive.models import ArchivedFile, FileLoan, RetentionSeries
from caserecord.models import Event
from tests.archive.helpers import closed_case
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


def _series(code="200.45.01"):
    return RetentionSeries.objects.get(code=code)


def test_the_auxiliar_archives_a_pending_case_from_the_list(client, auxiliar):
    case = closed_case()
    still_open = make_case()
    client.force_login(auxiliar)
    pending = client.get(reverse("archive:pending")).content.decode()
    assert case.radicado in pending and still_open.radicado not in pending
    form = client.get(reverse("archive:case-archive", args=[case.pk]))
    assert form.context["form"].initial["series"] == _series().pk  # suggested for a reclamo
    response = client.post(reverse("archive:case-archive", args=[case.pk]), {
        "series": _series().pk, "box": "21", "folder": "4", "folio_from": "1",
        "folio_to": "12", "notes": "Original y copia"})
    archived = ArchivedFile.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == archived.get_absolute_url()
    assert (archived.box, archived.folder, archived.folio_to) == ("21", "4", 12)
    assert list(client.get(reverse("archive:pending")).context["page"].object_list) == []
    # The case page shows where the paper is.
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Caja 21, carpeta 4, folios 1 a 12." in page


def test_an_open_case_cannot_be_archived_and_bad_folios_are_explained(client, auxiliar):
    client.force_login(auxiliar)
    assert client.get(reverse("archive:case-archive", args=[make_case().pk])).status_code == 404
    case = closed_case()
    response = client.post(reverse("archive:case-archive", args=[case.pk]), {
        "series": _series().pk, "box": "1", "folder": "1", "folio_from": "9", "folio_to": "3"})
    assert response.status_code == 200
    assert "El folio final no puede ser menor que el inicial." in response.content.decode()
    assert not ArchivedFile.objects.exists()


def test_the_list_finds_by_radicado_name_and_box_and_filters(client, auxiliar, gerente):
    ana = closed_case(customer=CustomerFactory(first_name="Ana", last_name="Quintero"))
    luis = closed_case(customer=CustomerFactory(first_name="Luis", last_name="Bermúdez"),
                       kind="queja", causal_code=None)
    a = services.case_archive(case=ana, actor=auxiliar, series=_series(), box="5", folder="1",
                              folio_from=1, folio_to=3)
    services.case_archive(case=luis, actor=auxiliar, series=_series("200.10.01"), box="6",
                          folder="1", folio_from=1, folio_to=3)
    services.loan_open(archived_file=a, actor=auxiliar, borrower="Jurídica", purpose="Tutela",
                       due_on=timezone.localdate())
    client.force_login(gerente)  # a reader
    url = reverse("archive:list")

    def found(**params):
        page = client.get(url, params).context["page"]
        return {f.case.radicado for f in page.object_list}

    assert found() == {ana.radicado, luis.radicado}
    assert found(q=ana.radicado) == {ana.radicado}
    assert found(q="quintero") == {ana.radicado}
    assert found(q="6") == {luis.radicado}
    assert found(series=_series("200.10.01").pk) == {luis.radicado}
    assert found(on_loan="on") == {ana.radicado}
    assert found(retention_due="on") == set()
    # A reader sees no buttons that would write.
    html = client.get(a.get_absolute_url()).content.decode()
    assert "Jurídica" in html and reverse("archive:loan-new", args=[a.pk]) not in html


def test_the_list_pages_by_25(client, auxiliar):
    for n in range(27):
        services.case_archive(case=closed_case(), actor=auxiliar, series=_series(), box="9",
                              folder=str(n), folio_from=1, folio_to=2)
    client.force_login(auxiliar)
    first = client.get(reverse("archive:list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("archive:list"), {"box": "9", "page": 2})
    assert len(second.context["page"].object_list) == 2


def test_lending_and_receiving_through_the_pages(client, auxiliar):
    archived = services.case_archive(case=closed_case(), actor=auxiliar, series=_series(),
                                     box="3", folder="3", folio_from=1, folio_to=5)
    client.force_login(auxiliar)
    due = timezone.localdate() + timedelta(days=5)
    response = client.post(reverse("archive:loan-new", args=[archived.pk]), {
        "borrower": "Carlos Ruiz", "borrower_unit": "Control interno", "purpose": "Auditoría",
        "due_on": due.isoformat()})
    assert response.status_code == 302
    loan = FileLoan.objects.get()
    again = client.post(reverse("archive:loan-new", args=[archived.pk]), {
        "borrower": "Otra", "purpose": "Consulta", "due_on": due.isoformat()})
    assert "El expediente ya está prestado" in again.content.decode()
    assert "Carlos Ruiz" in client.get(reverse("archive:loans")).content.decode()
    assert client.get(reverse("archive:loan-return", args=[loan.pk])).status_code == 405
    client.post(reverse("archive:loan-return", args=[loan.pk]), {"note": "Completo"})
    loan.refresh_from_db()
    assert loan.returned_at is not None and loan.received_by == auxiliar
    assert Event.objects.filter(case=archived.case, kind="archive.returned").exists()
    # A returned loan is no longer open: returning it again is not found.
    assert client.post(reverse("archive:loan-return", args=[loan.pk])).status_code == 404


def test_the_auxiliar_landing_page_shows_pending_and_overdue_loans(client, auxiliar):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=BOGOTA), tick=False):
        pending = closed_case()
        archived = services.case_archive(case=closed_case(), actor=auxiliar, series=_series(),
                                         box="8", folder="1", folio_from=1, folio_to=2)
        services.loan_open(archived_file=archived, actor=auxiliar, borrower="Marta Díaz",
                           purpose="Consulta", due_on=date(2026, 3, 4))
    with time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=BOGOTA), tick=False):
        client.force_login(auxiliar)
        html = client.get(reverse("work:auxiliar")).content.decode()
    assert "1 caso cerrado pendiente de archivar" in html
    assert pending.radicado in html and reverse("archive:case-archive", args=[pending.pk]) in html
    assert "1 vencido" in html and "Marta Díaz" in html and "debía volver el 04/03/2026" in html


def test_the_trd_is_edited_in_the_app_by_the_auxiliar(client, auxiliar, back_office):
    client.force_login(auxiliar)
    response = client.post(reverse("archive:trd-new"), {
        "code": "200.50.01", "series": "Informes", "subseries": "Informes a entes de control",
        "gestion_years": "2", "central_years": "3", "disposition": "CT", "procedure": "",
        "case_kinds": ["solicitud_sspd"], "active": "on"})
    assert response.status_code == 302
    series = RetentionSeries.objects.get(code="200.50.01")
    assert series.case_kinds == ["solicitud_sspd"] and series.disposition == "CT"
    client.post(reverse("archive:trd-edit", args=[series.pk]), {
        "code": "200.50.01", "series": "Informes", "gestion_years": "2", "central_years": "5",
        "disposition": "CT"})
    series.refresh_from_db()
    assert series.central_years == 5 and series.active is False
    assert Event.objects.filter(kind="trd.saved", record_id=series.pk).count() == 2
    client.force_login(back_office)
    assert client.get(reverse("archive:trd-list")).status_code == 200
    assert client.get(reverse("archive:trd-edit", args=[series.pk])).status_code == 403
