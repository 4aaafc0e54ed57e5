"""
The citation's postal guía is its own step (CPACA arts. 68-69): generated,
then dispatched with the courier's guide number and date; the citation term
is met and the user's five days run from the dispatch, through the pages.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from compliance.models import NonConformity, Term
from responses.models import Communication
from tests.factories import make_case
from tests.responses.conftest import bogota, issue, working

pytestmark = pytest.mark.django_db


def _letter(back_office, coordinador):
    with time_machine.travel(bogota(2026, 12, 4, 9), tick=False):
        case = make_case(actor=back_office)
        working(case, back_office)
        return issue(case, back_office, coordinador, at=bogota(2026, 12, 4, 10))


def test_generate_then_record_the_guide_on_the_pages(client, back_office, coordinador):
    letter = _letter(back_office, coordinador)
    case, notification = letter.case, letter.notification
    client.force_login(back_office)
    panel = reverse("responses:case", args=[case.pk])
    guide_url = reverse("responses:citation-dispatch", args=[notification.pk])
    with time_machine.travel(bogota(2026, 12, 9, 9), tick=False):
        assert "Generar la citación" in client.get(panel).content.decode()
        client.post(reverse("responses:notify", args=[notification.pk, "citacion"]))
        page = client.get(panel).content.decode()
        assert guide_url in page and "Generar la citación" not in page
        citation = Communication.objects.get(notification=notification, purpose="citacion")
        assert citation.dispatched_at is None
    with time_machine.travel(bogota(2026, 12, 9, 11), tick=False):
        bad = client.post(guide_url, {"guide": "", "dispatched_at": "2026-12-09T10:30"})
        assert bad.status_code == 400
        ok = client.post(guide_url, {"guide": "YP-4455", "dispatched_at": "2026-12-09T10:30"})
        assert ok.status_code == 302
        page = client.get(panel).content.decode()
    assert "YP-4455" in page and guide_url not in page
    citation.refresh_from_db()
    assert citation.dispatch_reference == "YP-4455"
    assert citation.dispatched_at == bogota(2026, 12, 9, 10, 30)
    term = Term.objects.get(case=case, purpose=Term.Purpose.CITACION)
    assert term.met_at == bogota(2026, 12, 9, 10, 30) and "YP-4455" in term.met_how
    # Five business days to appear from Wed 9 Dec: 10, 11, 14, 15, 16.
    notification.refresh_from_db()
    assert notification.appearance_due_date == date(2026, 12, 16)


def test_a_guide_after_the_five_days_is_late_and_at_sap_risk(back_office, coordinador):
    from responses import services

    letter = _letter(back_office, coordinador)
    notification = letter.notification
    with time_machine.travel(bogota(2026, 12, 11, 9), tick=False):
        services.notification_send_citation(notification=notification, actor=back_office)
    # Issued Fri 4 Dec: the citation had to leave by Mon 14 Dec (the 8th a holiday).
    with time_machine.travel(bogota(2026, 12, 15, 12), tick=False):
        notification = services.notification_citation_dispatch(
            notification=notification, actor=back_office, guide="YP-1",
            dispatched_at=bogota(2026, 12, 15, 10))
    assert notification.sap_risk
    term = Term.objects.get(case=letter.case, purpose=Term.Purpose.CITACION)
    assert NonConformity.objects.filter(term=term).count() == 1
