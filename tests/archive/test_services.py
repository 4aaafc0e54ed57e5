"""The archive's services: TRD, archiving a closed case with its retention, loans."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from archive import rules, selectors, services
from archive.models import ArchivedFile, FileLoan, RetentionSeries
from caserecord.models import Event
from caserecord.services import record_history
from tests.archive.helpers import closed_case
from tests.factories import make_case

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
# A Friday evening in Bogotá that is already Saturday in UTC: the closing day is Bogotá's.
CLOSED_AT = datetime(2026, 2, 27, 20, 30, tzinfo=BOGOTA)


def test_retention_counts_whole_years_and_a_leap_day_falls_on_28_february():
    assert rules.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert rules.retention_dates(closed_on=date(2026, 3, 5), gestion_years=2,
                                 central_years=8) == (date(2028, 3, 5), date(2036, 3, 5))


def test_the_seeded_trd_has_the_pqr_series():
    codes = dict(RetentionSeries.objects.values_list("code", "series"))
    assert codes["200.45.01"] == "Peticiones, quejas y recursos"
    assert "Acuerdos de pago" in codes.values() and "Actas" in codes.values()
    assert selectors.series_suggested_for("tutela").code == "200.10.01"


def _series():
    return RetentionSeries.objects.get(code="200.45.01")


def test_archiving_a_closed_case_records_place_and_retention_from_the_closing_day(auxiliar):
    with time_machine.travel(CLOSED_AT, tick=False):
        case = closed_case()
    with time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=BOGOTA), tick=False):
        archived = services.case_archive(case=case, actor=auxiliar, series=_series(), box=" 12 ",
                                         folder="3", folio_from=1, folio_to=18)
    assert (archived.box, archived.folder, archived.folios) == ("12", "3", 18)
    assert archived.closed_on == date(2026, 2, 27)
    assert archived.gestion_until == date(2028, 2, 27)
    assert archived.retention_until == date(2036, 2, 27)
    assert archived.disposition == "S" and archived.archived_by == auxiliar
    event = Event.objects.get(case=case, kind="archive.filed")
    assert event.actor == auxiliar
    assert "caja 12, carpeta 3, folios 1 a 18" in event.summary
    assert "27/02/2036" in event.summary
    assert list(selectors.cases_pending_archive(auxiliar)) == []


def test_only_closed_cases_are_archived_once(auxiliar):
    open_case = make_case()
    with pytest.raises(ValidationError, match="casos cerrados"):
        services.case_archive(case=open_case, actor=auxiliar, series=_series(), box="1",
                              folder="1", folio_from=1, folio_to=2)
    case = closed_case()
    services.case_archive(case=case, actor=auxiliar, series=_series(), box="1", folder="1",
                          folio_from=1, folio_to=2)
    with pytest.raises(ValidationError, match="ya está archivado"):
        services.case_archive(case=case, actor=auxiliar, series=_series(), box="2", folder="1",
                              folio_from=1, folio_to=2)
    assert ArchivedFile.objects.count() == 1


def test_bad_folios_and_retired_series_are_refused(auxiliar):
    case = closed_case()
    with pytest.raises(ValidationError, match="folio final"):
        services.case_archive(case=case, actor=auxiliar, series=_series(), box="1", folder="1",
                              folio_from=5, folio_to=4)
    retired = services.trd_save(actor=auxiliar, instance=_series(), active=False)
    with pytest.raises(ValidationError, match="vigente"):
        services.case_archive(case=case, actor=auxiliar, series=retired, box="1", folder="1",
                              folio_from=1, folio_to=4)
    assert not ArchivedFile.objects.exists()


def test_only_the_keepers_archive_and_lend(back_office, gerente, coordinador):
    case = closed_case()
    for actor in (back_office, gerente):
        with pytest.raises(PermissionDenied):
            services.case_archive(case=case, actor=actor, series=_series(), box="1",
                                  folder="1", folio_from=1, folio_to=2)
    archived = services.case_archive(case=case, actor=coordinador, series=_series(), box="1",
                                     folder="1", folio_from=1, folio_to=2)
    with pytest.raises(PermissionDenied):
        services.loan_open(archived_file=archived, actor=back_office, borrower="X",
                           purpose="Y", due_on=date(2030, 1, 1))


def test_loans(auxiliar):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=BOGOTA), tick=False):
        archived = services.case_archive(case=closed_case(), actor=auxiliar, series=_series(),
                                         box="7", folder="2", folio_from=1, folio_to=9)
        with pytest.raises(ValidationError, match="anterior a hoy"):
            services.loan_open(archived_file=archived, actor=auxiliar, borrower="Laura Gómez",
                               purpose="Consulta", due_on=date(2026, 3, 1))
        loan = services.loan_open(archived_file=archived, actor=auxiliar,
                                  borrower="Laura Gómez", borrower_unit="Jurídica",
                                  purpose="Contestar una tutela", due_on=date(2026, 3, 6))
        with pytest.raises(ValidationError, match="ya está prestado"):
            services.loan_open(archived_file=archived, actor=auxiliar, borrower="Otro",
                               purpose="Consulta", due_on=date(2026, 3, 9))
    assert list(selectors.overdue_loans(date(2026, 3, 6))) == []
    assert list(selectors.overdue_loans(date(2026, 3, 7))) == [loan]
    with time_machine.travel(datetime(2026, 3, 9, 10, tzinfo=BOGOTA), tick=False):
        services.loan_return(loan=loan, actor=auxiliar, note="Completo")
        with pytest.raises(ValidationError, match="ya se devolvió"):
            services.loan_return(loan=loan, actor=auxiliar)
        second = services.loan_open(archived_file=archived, actor=auxiliar, borrower="Otro",
                                    purpose="Consulta", due_on=date(2026, 3, 10))
    assert FileLoan.objects.filter(returned_at__isnull=True).get() == second
    assert list(selectors.overdue_loans(date(2026, 3, 20))) == [second]
    kinds = list(Event.objects.filter(case=archived.case).values_list("kind", flat=True)
                 .order_by("pk"))
    assert kinds[-3:] == ["archive.loaned", "archive.returned", "archive.loaned"]
    returned = Event.objects.get(case=archived.case, kind="archive.returned")
    assert returned.data["overdue"] is True and returned.note == "Completo"


def test_relocating_keeps_the_old_place_in_the_record(auxiliar):
    archived = services.case_archive(case=closed_case(), actor=auxiliar, series=_series(),
                                     box="1", folder="1", folio_from=1, folio_to=4)
    services.file_relocate(archived_file=archived, actor=auxiliar, box="2", folder="5",
                           folio_from=10, folio_to=13, note="Caja 1 llena")
    archived.refresh_from_db()
    assert (archived.box, archived.folder, archived.folio_from) == ("2", "5", 10)
    event = Event.objects.get(case=archived.case, kind="archive.relocated")
    assert event.data["before"]["box"] == "1" and event.note == "Caja 1 llena"


def test_trd_edits_are_events_and_only_keepers_edit(auxiliar, back_office):
    series = services.trd_save(actor=auxiliar, code="200.99.01", series="Derechos de petición",
                               gestion_years=1, central_years=4, disposition="E")
    services.trd_save(actor=auxiliar, instance=series, central_years=9)
    history = list(record_history(series).order_by("pk"))
    assert [e.kind for e in history] == ["trd.saved", "trd.saved"]
    assert history[1].data["fields"] == {"central_years": 9}
    with pytest.raises(PermissionDenied):
        services.trd_save(actor=back_office, instance=series, central_years=1)
    with pytest.raises(ValidationError):
        services.trd_save(actor=auxiliar, code="200.99.02", series="Mala", gestion_years=1,
                          central_years=1, disposition="X")
