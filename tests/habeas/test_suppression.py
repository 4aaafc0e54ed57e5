"""
Suppression: what is past retention is anonymised, what is under retention is
kept and says why; the event names no personal data. The retention is the
archive's (archive.selectors.cases_retention): the archived expediente's dates,
else the TRD series of the case's kind, else PQR_RETENTION_YEARS.
"""

import json

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from archive.models import RetentionSeries
from caserecord.models import Event
from habeas.services import suppression_execute, suppression_plan
from intake import services as intake_services
from intake.choices import CaseKind
from intake.models import Attachment, Case, Customer
from intake.services.privacy import ERASED
from tests.factories import CustomerFactory, make_case
from tests.habeas.helpers import bogota, finish

pytestmark = pytest.mark.django_db

NOW = bogota(2026, 11, 6, 10)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PQR_RETENTION_YEARS = 10


def _world(back_office):
    holder = CustomerFactory(first_name="Hortensia", email="hortensia@example.com")
    with time_machine.travel(bogota(2014, 3, 3), tick=False):
        old = make_case(customer=holder, description="Reclamo viejo de Hortensia.",
                        contact={"first_name": "Hortensia", "email": "hortensia@example.com",
                                 "last_name": "", "business_name": "", "phone": "300",
                                 "address": "Calle 1"})
        att = intake_services.attachment_add_bytes(
            case=old, name="cedula-hortensia.pdf", content=b"%PDF-1.4 x",
            mime="application/pdf", actor=back_office, kind="evidencia")
    finish(old, bogota(2015, 1, 10))  # retention ended 10 January 2025
    with time_machine.travel(bogota(2020, 3, 3), tick=False):
        recent = make_case(customer=holder, description="Reclamo reciente de Hortensia.")
    finish(recent, bogota(2020, 4, 1))  # kept until 1 April 2030
    open_case = make_case(customer=holder, description="Reclamo abierto de Hortensia.")
    with time_machine.travel(NOW, tick=False):
        request = make_case(customer=holder, kind=CaseKind.DATOS_SUPRESION, causal_code=None,
                            description="Supriman mis datos.")
    return holder, old, att, recent, open_case, request


def test_past_retention_is_anonymised_and_retained_records_are_kept(back_office, coordinador):
    holder, old, att, recent, open_case, request = _world(back_office)
    stored = att.file.name
    assert att.file.storage.exists(stored)
    with time_machine.travel(NOW, tick=False):
        plan = suppression_execute(request=request, actor=coordinador)
    assert [c.pk for c in plan.anonymise] == [old.pk]
    kept = {k.case.pk: k.reason for k in plan.kept}
    assert kept == {recent.pk: "retention", open_case.pk: "open", request.pk: "request"}
    old.refresh_from_db()
    assert old.description == ERASED
    assert (old.contact_first_name, old.contact_email, old.notify_address,
            old.account_number) == ("", "", "", "")
    att.refresh_from_db()
    assert not att.file and att.original_name == "suprimido.pdf"
    assert not att.file.storage.exists(stored)
    # Retained records are untouched, and the holder's record stays while they are kept.
    for case, text in ((recent, "Reclamo reciente de Hortensia."),
                       (open_case, "Reclamo abierto de Hortensia."),
                       (request, "Supriman mis datos.")):
        case.refresh_from_db()
        assert case.description == text
    assert Customer.objects.get(pk=holder.pk).first_name == "Hortensia"
    # The radicado, kind and dates of the anonymised case stay (statistics, SUI history).
    assert Case.objects.filter(pk=old.pk, kind=CaseKind.RECLAMO).exists()


def test_the_event_names_no_personal_data(back_office, coordinador):
    holder, old, _att, recent, _open, request = _world(back_office)
    with time_machine.travel(NOW, tick=False):
        suppression_execute(request=request, actor=coordinador)
    events = Event.objects.filter(kind__in=["habeas.anonymised", "case.personal_data_erased"])
    assert events.count() == 2
    dumped = json.dumps([e.data for e in events]) + "".join(e.note for e in events)
    for personal in ("Hortensia", "hortensia@example.com", holder.id_number, "cedula"):
        assert personal not in dumped
    summary = Event.objects.get(kind="habeas.anonymised")
    assert summary.case_id == request.pk and summary.public
    assert summary.data["anonymised"] == [old.pk]
    # Reclamos are in the TRD series 200.45.01 (2 + 8 years from the closing day).
    assert {"case_id": recent.pk, "reason": "retention", "retention": "trd",
            "series": "200.45.01", "until": "2030-04-01"} in summary.data["kept"]


def test_a_recurso_under_retention_keeps_the_decision_it_attacks(back_office):
    holder, old, _att, _recent, _open, request = _world(back_office)
    with time_machine.travel(bogota(2024, 6, 3), tick=False):
        recurso = make_case(customer=holder, kind=CaseKind.RECURSO_REPOSICION, parent=old)
    finish(recurso, bogota(2024, 7, 1))
    plan = suppression_plan(request=request, now=NOW)
    kept = {k.case.pk: k.reason for k in plan.kept}
    assert kept[recurso.pk] == "retention" and kept[old.pk] == "linked"
    assert plan.anonymise == []


def _pqr_series(**changes) -> RetentionSeries:
    """Edit the TRD series of peticiones, quejas y reclamos (as the archive's page would)."""
    series = RetentionSeries.objects.get(code="200.45.01")
    for name, value in changes.items():
        setattr(series, name, value)
    series.save()
    return series


def _kept(plan) -> dict:
    return {k.case.pk: k.reason for k in plan.kept}


def test_the_trd_series_of_the_kind_sets_the_retention_not_the_setting(back_office, settings):
    _holder, old, _att, recent, _open, request = _world(back_office)
    settings.PQR_RETENTION_YEARS = 30  # not asked: reclamos are in the TRD
    plan = suppression_plan(request=request, now=NOW)
    assert [c.pk for c in plan.anonymise] == [old.pk]
    (k,) = [k for k in plan.kept if k.case.pk == recent.pk]
    assert (k.reason, k.until.isoformat(), k.retention.source) == ("retention", "2030-04-01",
                                                                   "trd")
    assert k.retention_label == "serie 200.45.01 de la TRD"
    # The committee shortens the series to 2 + 3 years: closed on 1 April 2020, kept until
    # 1 April 2025, so on 6 November 2026 it goes too.
    _pqr_series(central_years=3)
    plan = suppression_plan(request=request, now=NOW)
    assert {c.pk for c in plan.anonymise} == {old.pk, recent.pk}
    # ... and lengthens it to 2 + 18: the 2015 closing is kept until 2035.
    _pqr_series(central_years=18)
    assert suppression_plan(request=request, now=NOW).anonymise == []


def test_the_last_day_of_retention_is_kept_and_the_next_one_is_not(back_office):
    _holder, _old, _att, recent, _open, request = _world(back_office)
    # Retention until 1 April 2030 (Bogotá): kept on 31 March at 23:59, gone on 1 April.
    assert recent.pk in _kept(suppression_plan(request=request, now=bogota(2030, 3, 31, 23, 59)))
    assert recent.pk not in _kept(suppression_plan(request=request, now=bogota(2030, 4, 1, 0, 1)))


def test_a_kind_the_trd_does_not_catalogue_follows_the_setting(back_office, settings):
    _holder, old, _att, recent, _open, request = _world(back_office)
    _pqr_series(case_kinds=["peticion", "queja"])  # reclamos taken out of the TRD
    settings.PQR_RETENTION_YEARS = 5
    plan = suppression_plan(request=request, now=NOW)
    # Closed on 1 April 2020: five years ended on 1 April 2025.
    assert {c.pk for c in plan.anonymise} == {old.pk, recent.pk}
    settings.PQR_RETENTION_YEARS = 20
    plan = suppression_plan(request=request, now=NOW)
    assert plan.anonymise == []
    (k,) = [k for k in plan.kept if k.case.pk == old.pk]
    assert (k.retention.source, k.until.isoformat()) == ("ajuste", "2035-01-10")
    assert "PQR_RETENTION_YEARS" in k.retention_label
    # A retired series catalogues nothing either.
    _pqr_series(case_kinds=["reclamo"], active=False)
    settings.PQR_RETENTION_YEARS = 5
    assert len(suppression_plan(request=request, now=NOW).anonymise) == 2


def test_an_archived_expediente_keeps_the_dates_it_was_filed_with(back_office, coordinador):
    from archive.services import case_archive

    _holder, old, _att, recent, _open, request = _world(back_office)
    series = RetentionSeries.objects.get(code="200.45.01")
    case_archive(case=recent, actor=coordinador, series=series, box="7", folder="3",
                 folio_from=1, folio_to=4)  # until 1 April 2030, stored on the expediente
    _pqr_series(central_years=3)  # the TRD changes afterwards
    plan = suppression_plan(request=request, now=NOW)
    (k,) = [k for k in plan.kept if k.case.pk == recent.pk]
    assert (k.reason, k.until.isoformat(), k.retention.source) == ("retention", "2030-04-01",
                                                                   "archivo")
    assert k.retention_label == "serie 200.45.01 de la TRD, expediente archivado"
    assert [c.pk for c in plan.anonymise] == [old.pk]


def test_a_series_of_conservacion_total_is_never_suppressed(back_office, coordinador):
    _holder, old, _att, recent, _open, request = _world(back_office)
    _pqr_series(disposition="CT")
    plan = suppression_plan(request=request, now=bogota(2090, 1, 1))
    kept = {k.case.pk: k for k in plan.kept}
    assert kept[old.pk].reason == kept[recent.pk].reason == "permanent"
    assert kept[old.pk].until is None and plan.anonymise == []
    with time_machine.travel(NOW, tick=False):
        suppression_execute(request=request, actor=coordinador)
    data = Event.objects.get(kind="habeas.anonymised").data
    assert {"case_id": old.pk, "reason": "permanent", "retention": "trd",
            "series": "200.45.01", "until": None} in data["kept"]


def test_only_the_coordinator_executes_it(back_office, client, coordinador):
    *_, request = _world(back_office)
    with pytest.raises(PermissionDenied):
        suppression_execute(request=request, actor=back_office)
    client.force_login(coordinador)
    url = f"/gestion/datos-personales/{request.pk}/supresion/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Está dentro del periodo de retención legal." in html
    assert "(hasta el 01/04/2030) · serie 200.45.01 de la TRD" in html
    # Without the confirmation box nothing happens.
    assert client.post(url, {}).status_code == 400
    assert not Event.objects.filter(kind="habeas.anonymised").exists()
    client.force_login(back_office)
    assert client.get(url).status_code == 403


def test_an_attachment_without_its_file_answers_404(back_office, coordinador, client):
    _holder, old, att, _recent, _open, request = _world(back_office)
    with time_machine.travel(NOW, tick=False):
        suppression_execute(request=request, actor=coordinador)
    client.force_login(back_office)
    url = f"/gestion/casos/{old.pk}/anexos/{att.pk}/"
    assert client.get(url).status_code == 404
    assert Attachment.objects.filter(pk=att.pk).exists()


def test_intake_erases_only_for_the_coordinator_and_never_an_open_case(back_office,
                                                                       coordinador):
    from django.core.exceptions import ValidationError

    from intake.services.privacy import case_personal_data_erase

    _holder, old, _att, _recent, open_case, _request = _world(back_office)
    with pytest.raises(PermissionDenied):
        case_personal_data_erase(case=old, actor=back_office, request_radicado="x")
    with pytest.raises(ValidationError):
        case_personal_data_erase(case=open_case, actor=coordinador, request_radicado="x")
    old.refresh_from_db()
    open_case.refresh_from_db()
    assert old.description == "Reclamo viejo de Hortensia."
    assert open_case.description == "Reclamo abierto de Hortensia."
