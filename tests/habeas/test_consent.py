"""
Consent is recorded only where it is given: a recurso asks none and records
none; the desk asks (a box) and records it only when ticked.
"""

import pytest
from django.urls import reverse

from intake.choices import CaseKind, Channel
from intake.models import Case
from responses import services
from tests.habeas.helpers import bogota
from tests.responses.conftest import electronic_case, issue, working

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("via_public", [True, False])
def test_a_recurso_records_no_consent_nobody_gave(back_office, coordinador, via_public):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 2, 9))
    services.notification_open(token=letter.notification.token, at=bogota(2026, 12, 2, 10))
    recurso = services.recurso_file(
        decision_case=case, actor=None if via_public else back_office,
        kind=CaseKind.RECURSO_REPOSICION, description="No estoy de acuerdo.",
        via_public=via_public, filed_at=bogota(2026, 12, 3, 9))
    assert case.data_consent_at is not None  # the filing's own consent stays where given
    rcase = recurso.case
    assert rcase.data_consent_at is None
    assert (rcase.data_consent_version, rcase.data_consent_channel) == ("", "")


def _desk_post(client, consent: bool):
    data = {
        "c-id_type": "CC", "c-id_number": "1012345678", "c-first_name": "Ana",
        "c-last_name": "Pérez", "c-address": "Calle 5 # 6-7",
        "channel": Channel.PRESENCIAL, "kind": CaseKind.DATOS_CONSULTA,
        "description": "Quiero saber qué datos míos tienen.", "notify_by": "postal",
        "notify_address": "Calle 5 # 6-7",
    }
    if consent:
        data["data_consent"] = "on"
    return client.post(reverse("intake:register"), data)


def test_the_desk_asks_for_consent_and_records_it_only_when_ticked(client, front_office):
    client.force_login(front_office)
    form = client.get(reverse("intake:register")).content.decode()
    assert 'name="data_consent"' in form and 'type="checkbox"' in form
    assert _desk_post(client, consent=False).status_code == 302
    unticked = Case.objects.get()
    assert unticked.data_consent_at is None and unticked.data_consent_version == ""
    # A habeas-data consulta at the counter gets its 10-business-day term like any PQR.
    assert unticked.response_term.length == 10
    assert _desk_post(client, consent=True).status_code == 302
    ticked = Case.objects.exclude(pk=unticked.pk).get()
    assert ticked.data_consent_at is not None
    assert ticked.data_consent_channel == Channel.PRESENCIAL
    assert ticked.data_consent_version
