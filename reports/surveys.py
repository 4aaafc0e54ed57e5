"""
Satisfaction surveys: when a case is closed, the citizen gets a single-use,
expiring link (a signed token) to five short questions on a public page.

The trigger is a beat task on reports' side (`surveys_invite`, every 15
minutes), not a signal on intake.Case: nobody imports reports, and a scan of
the cases closed in the last REPORTS_SURVEY_LOOKBACK_DAYS
- sees every closing, including those written by a bulk update or a sweep
  (a post_save signal misses `.update()`),
- never runs inside the transaction that closes a case (a failure here cannot
  roll back a legal act),
- catches up after the workers were down, and invites each case once (one
  survey per case, a unique row).

The token signs the survey's id (salt "reports.survey") with a timestamp;
it is refused after REPORTS_SURVEY_DAYS days or once the survey is answered.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from caserecord.outbox import email_enqueue
from caserecord.services import event_record
from intake.selectors import closed_cases_since
from reports.models import SatisfactionSurvey
from reports.periods import Period

SALT = "reports.survey"
BATCH = 500
QUESTIONS = [
    ("clarity", L("¿La respuesta fue clara?")),
    ("timeliness", L("¿Le respondimos a tiempo?")),
    ("kindness", L("¿Lo atendimos con amabilidad?")),
    ("overall", L("En general, ¿cómo califica la atención?")),
]


def survey_token(survey: SatisfactionSurvey) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(survey.pk))


def survey_url(survey: SatisfactionSurvey) -> str:
    path = reverse("reports_public:survey", args=[survey_token(survey)])
    return settings.SITE_URL.rstrip("/") + path


class SurveyLinkInvalid(Exception):
    """The link was tampered with or does not exist."""


class SurveyLinkUsed(Exception):
    """The link expired or the survey was already answered."""


def survey_from_token(token: str) -> SatisfactionSurvey:
    """The open survey of `token`; SurveyLinkInvalid or SurveyLinkUsed otherwise."""
    max_age = timedelta(days=settings.REPORTS_SURVEY_DAYS)
    signer = signing.TimestampSigner(salt=SALT)
    try:
        pk = int(signer.unsign(token, max_age=max_age))
    except signing.SignatureExpired:
        raise SurveyLinkUsed
    except (signing.BadSignature, ValueError):
        raise SurveyLinkInvalid
    survey = SatisfactionSurvey.objects.filter(pk=pk).first()
    if survey is None:
        raise SurveyLinkInvalid
    if survey.answered_at is not None or survey.expires_at <= timezone.now():
        raise SurveyLinkUsed
    return survey


def _invite(case: dict) -> SatisfactionSurvey | None:
    email = case["notify_email"] or case["customer__email"]
    now = timezone.now()
    try:
        with transaction.atomic():
            survey = SatisfactionSurvey.objects.create(
                case_id=case["pk"], email=email, created_at=now,
                expires_at=now + timedelta(days=settings.REPORTS_SURVEY_DAYS))
            email_enqueue(
                to=email, purpose="encuesta_satisfaccion",
                subject=_("¿Cómo lo atendimos? Solicitud %(radicado)s")
                % {"radicado": case["radicado"]},
                body=_("Su solicitud %(radicado)s fue cerrada. Cuéntenos en un minuto cómo lo "
                       "atendimos: %(url)s\nEl enlace sirve una sola vez y vence en %(days)s "
                       "días.") % {"radicado": case["radicado"], "url": survey_url(survey),
                                   "days": settings.REPORTS_SURVEY_DAYS})
            event_record(record=survey, case_id=case["pk"], kind="report.survey_sent",
                         data={"radicado": case["radicado"]})
    except IntegrityError:
        return None  # another beat process invited this case first
    return survey


def surveys_invite() -> int:
    """Invite the citizens of recently closed cases not invited yet (beat); return how many."""
    since = timezone.now() - timedelta(days=settings.REPORTS_SURVEY_LOOKBACK_DAYS)
    pending = closed_cases_since(since=since).exclude(
        pk__in=SatisfactionSurvey.objects.values("case_id"))[:BATCH]
    return sum(1 for case in list(pending) if _invite(case) is not None)


@transaction.atomic
def survey_answer(*, token: str, clarity: int, timeliness: int, kindness: int, overall: int,
                  comment: str = "") -> SatisfactionSurvey:
    """Record the answers of a survey (once: the link is used up)."""
    survey = survey_from_token(token)
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at is not None:
        raise SurveyLinkUsed
    survey.clarity, survey.timeliness, survey.kindness, survey.overall = (
        clarity, timeliness, kindness, overall)
    survey.comment, survey.answered_at = comment.strip(), timezone.now()
    survey.save()
    event_record(record=survey, case_id=survey.case_id, kind="report.survey_answered",
                 data={"overall": overall}, note=survey.comment)
    return survey


def _q(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def survey_summary(period: Period) -> dict:
    """Invitations sent and surveys answered in `period`, with the average of each question."""
    lo, hi = period.bounds
    row = SatisfactionSurvey.objects.aggregate(
        sent=Count("pk", filter=Q(created_at__gte=lo, created_at__lt=hi)),
        answered=Count("pk", filter=Q(answered_at__gte=lo, answered_at__lt=hi)),
        **{code: Avg(code, filter=Q(answered_at__gte=lo, answered_at__lt=hi))
           for code, _label in QUESTIONS})
    return {"sent": row["sent"], "answered": row["answered"],
            "averages": [(str(label), _q(row[code])) for code, label in QUESTIONS],
            "overall": _q(row["overall"])}
