"""
Prórroga and suspension for pruebas with their letter to the petitioner
(issue 10, items 2 and 3): issued with an outgoing radicado before expiry,
communicated only when its dispatch is recorded.
"""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from caserecord.outbox import email_send
from compliance.models import Term, TermAdjustment
from responses import services
from responses.models import Communication
from tests.factories import make_case
from tests.responses.conftest import bogota, electronic_case

pytestmark = pytest.mark.django_db


def _case(kind, actor, filed, **kwargs):
    with time_machine.travel(filed, tick=False):
        return make_case(kind=kind, actor=actor, filed_at=filed, **kwargs)


def test_a_reclamo_cannot_be_extended_even_with_a_letter(back_office):
    """Reclamo filed Tue 1 Sep 2026, due Tue 22 Sep: no prórroga under Ley 142."""
    case = _case("reclamo", back_office, bogota(2026, 9, 1, 10))
    term = case.response_term
    assert term.due_date.isoformat() == "2026-09-22"
    with time_machine.travel(bogota(2026, 9, 10, 9), tick=False):
        with pytest.raises(ValidationError, match="no admite prórroga"):
            services.term_extension_grant(term=term, extra_days=15, reasons="Carga de trabajo",
                                          actor=back_office)
    assert not Communication.objects.exists()  # no letter, no radicado spent
    assert Term.objects.get(pk=term.pk).due_date.isoformat() == "2026-09-22"


def test_a_peticion_de_documentos_is_extended_with_its_letter_before_expiry(back_office):
    """
    Filed Fri 20 Mar 2026 (San José moved to Mon 23 Mar; Holy Week: Thu 2 and Fri 3
    Apr): 10 business days end Wed 8 Apr. Extended that day by 10 more: Wed 22 Apr.
    Postal: the letter waits for its dispatch to count as communicated.
    """
    case = _case("peticion_documentos", back_office, bogota(2026, 3, 20, 10))
    term = case.response_term
    assert term.due_date.isoformat() == "2026-04-08"
    with time_machine.travel(bogota(2026, 4, 8, 16), tick=False):
        adjustment = services.term_extension_grant(
            term=term, extra_days=10, reasons="Hay que reunir documentos de 2019",
            actor=back_office)
    term.refresh_from_db()
    assert term.due_date.isoformat() == "2026-04-22"
    letter = Communication.objects.get(term_adjustment=adjustment)
    assert letter.purpose == Communication.Purpose.PRORROGA
    assert letter.outgoing_radicado.startswith("S-2026-")
    assert adjustment.document_reference == letter.outgoing_radicado
    assert letter.attachment.file.name.endswith(".pdf") and letter.dispatched_at is None
    assert adjustment.communicated_to_user_at is None
    with time_machine.travel(bogota(2026, 4, 9, 9), tick=False):
        services.communication_record_dispatch(communication=letter, actor=back_office,
                                               reference="Guía 4-72 RN123")
    adjustment.refresh_from_db()
    assert adjustment.communicated_to_user_at == bogota(2026, 4, 9, 9)
    with pytest.raises(ValidationError, match="ya está registrado"):
        services.communication_record_dispatch(communication=letter, actor=back_office,
                                               reference="otra")
    # After expiry, no prórroga and no letter.
    late = _case("peticion_documentos", back_office, bogota(2026, 3, 20, 11))
    with time_machine.travel(bogota(2026, 4, 9, 9), tick=False):
        with pytest.raises(ValidationError, match="venció"):
            services.term_extension_grant(term=late.response_term, extra_days=5, reasons="x",
                                          actor=back_office)
    assert Communication.objects.count() == 1


def test_pruebas_letter_by_email_counts_when_the_server_accepts_it(back_office):
    with time_machine.travel(bogota(2026, 9, 1, 10), tick=False):
        case = electronic_case(actor=back_office, filed_at=bogota(2026, 9, 1, 10))
    with time_machine.travel(bogota(2026, 9, 10, 9), tick=False):
        adjustment = services.term_suspension_for_pruebas(
            term=case.response_term, reasons="Revisión del medidor", actor=back_office,
            evidence="Visita técnica")
    letter = Communication.objects.get(term_adjustment=adjustment)
    assert letter.channel == Communication.Channel.EMAIL and adjustment.cause == "pruebas"
    assert adjustment.communicated_to_user_at is None  # queued is not sent
    with time_machine.travel(bogota(2026, 9, 10, 9, 2), tick=False):
        assert email_send(email_id=letter.email_id)
    adjustment.refresh_from_db()
    assert adjustment.communicated_to_user_at == bogota(2026, 9, 10, 9, 2)
    assert case.events.filter(kind="term.adjustment_communicated").count() == 1


def test_extension_page_only_for_extendable_kinds(client, back_office):
    reclamo = _case("reclamo", back_office, bogota(2026, 9, 1, 10))
    consulta = _case("consulta", back_office, bogota(2026, 9, 1, 10))
    client.force_login(back_office)
    with time_machine.travel(bogota(2026, 9, 10, 9), tick=False):
        page = client.get(reverse("intake:case-detail", args=[reclamo.pk]))
        assert reverse("responses:term-extend", args=[reclamo.response_term_id]) \
            not in page.content.decode()
        refused = client.post(reverse("responses:term-extend", args=[reclamo.response_term_id]),
                              {"extra_days": "15", "reasons": "Carga"})
        assert refused.status_code == 400 and "no admite prórroga" in refused.content.decode()
        page = client.get(reverse("intake:case-detail", args=[consulta.pk]))
        url = reverse("responses:term-extend", args=[consulta.response_term_id])
        assert url in page.content.decode()
        too_long = client.post(url, {"extra_days": "31", "reasons": "Carga"})
        assert too_long.status_code == 400 and "doble" in too_long.content.decode()
        ok = client.post(url, {"extra_days": "5", "reasons": "Consulta compleja"})
        assert ok.status_code == 302
    assert TermAdjustment.objects.get().extra_days == 5
    assert Communication.objects.get().purpose == "prorroga"


def test_pruebas_page_issues_the_letter(client, back_office):
    case = _case("reclamo", back_office, bogota(2026, 9, 1, 10))
    client.force_login(back_office)
    url = reverse("responses:term-pruebas", args=[case.response_term_id])
    with time_machine.travel(bogota(2026, 9, 10, 9), tick=False):
        assert client.get(url).status_code == 200
        done = client.post(url, {"evidence": "Prueba de laboratorio del medidor",
                                 "reasons": "Alto consumo"})
        assert done.status_code == 302
    letter = Communication.objects.get()
    assert letter.channel == Communication.Channel.POSTAL and letter.term_adjustment.cause == "pruebas"
    dispatch = reverse("responses:communication-dispatch", args=[letter.pk])
    with time_machine.travel(bogota(2026, 9, 10, 15), tick=False):
        assert client.post(dispatch, {"reference": "Guía 77"}).status_code == 302
    letter.term_adjustment.refresh_from_db()
    assert letter.term_adjustment.communicated_to_user_at == bogota(2026, 9, 10, 15)
