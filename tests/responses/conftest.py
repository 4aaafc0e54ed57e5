"""Helpers for the responses tests: a case drafted, approved and issued through the services."""

from datetime import datetime

import pytest
from django.utils import timezone

from compliance.terms import BOGOTA
from intake import services as intake_services
from intake.choices import CaseStatus, NotifyBy
from responses import services
from responses.models import AnswerKind, ResponseTemplate
from tests.factories import make_case


def bogota(y, m, d, h=10, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=BOGOTA)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def electronic_case(*, actor, **kwargs):
    params = dict(actor=actor, notify_by=NotifyBy.EMAIL, notify_email="usuario@example.com",
                  electronic_consent=True)
    params.update(kwargs)
    return make_case(**params)


def working(case, actor):
    """Put a freshly registered case in trámite (as the back office would)."""
    return intake_services.case_transition(case=case, to_status=CaseStatus.EN_TRAMITE,
                                           actor=actor)


def approved_response(case, back, coord, *, answer_kind=AnswerKind.NO_ACCEDE, template=None):
    template = template or ResponseTemplate.objects.get(
        name="Reclamo por alto consumo: no accede (consumo verificado)")
    response = services.response_create(case=case, actor=back, template=template)
    if response.answer_kind != answer_kind:
        response = services.response_save(
            response=response, actor=back, answer_kind=answer_kind,
            body_html=response.body_html, decision=response.decision,
            admits_recursos=response.admits_recursos, recursos_text=response.recursos_text,
            payment_reminder=response.payment_reminder)
    services.response_submit(response=response, actor=back)
    return services.response_approve(response=response, actor=coord)


def issue(case, back, coord, *, at=None, **kwargs):
    response = approved_response(case, back, coord, **kwargs)
    return services.response_issue(response=response, actor=back, at=at or timezone.now())
