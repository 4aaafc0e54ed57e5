"""
Satisfaction surveys: a closed case gets one signed, expiring, single-use
link; the answers feed the satisfaction indicator and the monthly summary.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from caserecord.models import Event, OutgoingEmail
from intake.choices import CaseStatus
from intake.models import Case
from reports.indicators import scorecard, values_for
from reports.models import SatisfactionSurvey
from reports.periods import Period
from reports.surveys import (
    SurveyLinkInvalid,
    SurveyLinkUsed,
    survey_answer,
    survey_from_token,
    survey_summary,
    survey_token,
    surveys_invite,
)
from tests.factories import CustomerFactory, make_case

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
NOW = datetime(2025, 3, 20, 10, tzinfo=TZ)
MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))
ANSWERS = {"clarity": 4, "timeliness": 3, "kindness": 5, "overall": 4, "comment": " Bien. "}


@pytest.fixture(autouse=True)
def frozen(settings):
    settings.REPORTS_SURVEY_DAYS = 15
    settings.REPORTS_SURVEY_LOOKBACK_DAYS = 7
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _closed(days_ago: float = 1, **kwargs) -> Case:
    case = make_case(notify_email=kwargs.pop("email", "ciudadano@example.com"), **kwargs)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CERRADO,
                                           status_changed_at=NOW - timedelta(days=days_ago))
    return case


def test_the_beat_invites_each_recently_closed_case_once():
    recent = _closed()
    _closed(days_ago=9)                 # closed before the look-back window
    _closed(email="", customer=CustomerFactory(email=""))  # no e-mail to write to
    open_case = make_case(notify_email="abierto@example.com")
    assert surveys_invite() == 1
    assert surveys_invite() == 0        # the next run (or a second beat) invites nobody again
    survey = SatisfactionSurvey.objects.get()
    assert survey.case_id == recent.pk and survey.expires_at == NOW + timedelta(days=15)
    email = OutgoingEmail.objects.get(purpose="encuesta_satisfaccion")
    assert email.to == ["ciudadano@example.com"] and recent.radicado in email.subject
    url = re.search(r"https?://\S+", email.body).group(0)
    assert url.endswith(reverse("reports_public:survey", args=[survey_token(survey)]))
    assert not SatisfactionSurvey.objects.filter(case=open_case).exists()
    assert Event.objects.filter(kind="report.survey_sent", case_id=recent.pk).count() == 1


def test_the_link_is_single_use_expires_and_refuses_tampering(frozen):
    _closed()
    surveys_invite()
    survey = SatisfactionSurvey.objects.get()
    token = survey_token(survey)
    with pytest.raises(SurveyLinkInvalid):
        survey_from_token(token[:-2] + "xx")
    with pytest.raises(SurveyLinkInvalid):
        survey_from_token(survey_token(survey).replace(f"{survey.pk}:", "99999:", 1))
    answered = survey_answer(token=token, **ANSWERS)
    assert answered.overall == 4 and answered.comment == "Bien."
    with pytest.raises(SurveyLinkUsed):
        survey_answer(token=token, **ANSWERS)
    # A second survey, left unanswered past its 15 days.
    _closed()
    surveys_invite()
    late = SatisfactionSurvey.objects.get(answered_at__isnull=True)
    frozen.move_to(NOW + timedelta(days=16))
    with pytest.raises(SurveyLinkUsed):
        survey_from_token(survey_token(late))


def test_the_public_page_on_a_phone_answers_once(client):
    _closed()
    surveys_invite()
    survey = SatisfactionSurvey.objects.get()
    url = reverse("reports_public:survey", args=[survey_token(survey)])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="viewport"' in html and html.count('type="radio"') == 20
    incomplete = client.post(url, {"clarity": 4})
    assert incomplete.status_code == 200 and "Elija una calificación de 1 a 5." in \
        incomplete.content.decode()
    done = client.post(url, {**ANSWERS, "overall": 5})
    assert done.status_code == 200 and "Gracias" in done.content.decode()
    assert client.get(url).status_code == 410
    assert client.get(reverse("reports_public:survey", args=["no-es-un-token"])).status_code == 404
    survey.refresh_from_db()
    assert (survey.clarity, survey.overall, survey.answered_at) == (4, 5, NOW)


def test_answers_feed_the_satisfaction_indicator_and_the_summary():
    for _ in range(3):
        _closed()
    surveys_invite()
    surveys = list(SatisfactionSurvey.objects.order_by("pk"))
    for survey, overall in zip(surveys[:2], (5, 2), strict=True):
        survey_answer(token=survey_token(survey), **{**ANSWERS, "overall": overall})
    assert values_for(MARCH)["satisfaccion"] == Decimal("3.5")        # (5 + 2) / 2
    row = {r["code"]: r for r in scorecard(MARCH)}["satisfaccion"]
    assert row["light"] == "rojo"                                       # target 4, 3.5 < 3.6
    summary = survey_summary(MARCH)
    assert (summary["sent"], summary["answered"]) == (3, 2)
    assert dict(summary["averages"])["¿La respuesta fue clara?"] == Decimal("4.00")
    assert values_for(Period(date(2025, 2, 1), date(2025, 2, 28)))["satisfaccion"] is None
