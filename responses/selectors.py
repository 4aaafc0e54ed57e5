"""Scoped reads of the responses app (every staff read goes through case scoping)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from caserecord.models import OutgoingEmail
from intake.selectors import case_queryset_for
from responses.models import IssuedLetter, Notification, Response, SspdRemission


def response_queryset_for(user) -> QuerySet[Response]:
    return Response.objects.filter(case__in=case_queryset_for(user)).select_related(
        "case__customer", "case__causal", "created_by", "template")


def response_get_for(user, *, response_id: int) -> Response:
    return get_object_or_404(response_queryset_for(user), pk=response_id)


def letter_get_for(user, *, letter_id: int) -> IssuedLetter:
    return get_object_or_404(
        IssuedLetter.objects.filter(case__in=case_queryset_for(user))
        .select_related("case", "attachment", "response"), pk=letter_id)


def notification_get_for(user, *, notification_id: int) -> Notification:
    return get_object_or_404(
        Notification.objects.filter(letter__case__in=case_queryset_for(user))
        .select_related("letter__case__customer", "letter__response"), pk=notification_id)


def remission_get_for(user, *, remission_id: int) -> SspdRemission:
    return get_object_or_404(
        SspdRemission.objects.filter(recurso__case__in=case_queryset_for(user))
        .select_related("recurso__case", "recurso__decision_letter__case", "term", "expediente"),
        pk=remission_id)


def review_queue_for(user) -> dict:
    """Return what the review page lists: in review, returned, approved, pending notifications."""
    responses = response_queryset_for(user)
    return {
        "in_review": responses.filter(status=Response.Status.EN_REVISION).order_by("updated_at"),
        "returned": responses.filter(status=Response.Status.DEVUELTA).order_by("updated_at"),
        "drafts": responses.filter(status=Response.Status.BORRADOR, created_by=user)
        .order_by("-updated_at"),
        "approved": responses.filter(status=Response.Status.APROBADA).order_by("updated_at"),
        "pending_notifications": Notification.objects.filter(
            letter__case__in=case_queryset_for(user), notified_at__isnull=True)
        .select_related("letter__case").order_by("created_at"),
        "remissions": SspdRemission.objects.filter(
            recurso__case__in=case_queryset_for(user), sent_at__isnull=True)
        .select_related("recurso__case", "term"),
    }


def case_panel_context(case) -> dict:
    """Everything the case panel shows, in a handful of queries."""
    responses = (case.responses.select_related("created_by", "approved_by", "template")
                 .prefetch_related("reviews__actor"))
    letters = list(IssuedLetter.objects.filter(case=case)
                   .select_related("notification", "attachment", "response"))
    # The outbox row tells whether the mail server took the e-mail (delivery record).
    notifications = [getattr(lt, "notification", None) for lt in letters]
    email_ids = [n.email_id for n in notifications if n is not None and n.email_id]
    outbox = {e.pk: e for e in OutgoingEmail.objects.filter(pk__in=email_ids)}
    for n in notifications:
        if n is not None:
            n.outbox = outbox.get(n.email_id)
    return {
        "responses": responses,
        "letters": letters,
        "recursos": case.recursos.select_related("recurso_record"),
        "recurso_record": getattr(case, "recurso_record", None) if case.is_recurso else None,
        "tutela_record": getattr(case, "tutela_record", None),
        "sap_recognitions": case.sap_recognitions.all(),
    }


def notification_sap_risk_case_ids():
    """
    The ids of the cases whose notification put them at SAP risk (citation or
    electronic notice out of time): decided and stored on the Notification.
    """
    return Notification.objects.filter(sap_risk=True).values("letter__case_id")


# --- aggregates for the reports app ---------------------------------------------

def decision_counts(*, lo, hi) -> dict:
    """Letters answering a case issued in [lo, hi), by answer kind ({kind: n})."""
    from django.db.models import Count

    from responses.models import Purpose

    return dict(IssuedLetter.objects.filter(issued_at__gte=lo, issued_at__lt=hi,
                                            response__purpose=Purpose.RESPUESTA)
                .exclude(answer_kind="").values_list("answer_kind").annotate(n=Count("pk"))
                .order_by())


def recurso_count(*, lo, hi) -> int:
    from responses.models import Recurso

    return Recurso.objects.filter(filed_at__gte=lo, filed_at__lt=hi).count()


def sspd_decision_counts(*, start, end) -> dict:
    """Appeals the SSPD decided between two dates, by decision ({kind: n})."""
    from django.db.models import Count

    return dict(SspdRemission.objects.filter(sspd_decided_at__range=(start, end))
                .exclude(sspd_decision="").values_list("sspd_decision").annotate(n=Count("pk"))
                .order_by())


def sap_recognized_count(*, lo, hi) -> int:
    """SAP recognised (silencio positivo applied) in [lo, hi)."""
    from responses.models import SapRecognition

    return SapRecognition.objects.filter(outcome=SapRecognition.Outcome.RECONOCIDO,
                                         outcome_at__gte=lo, outcome_at__lt=hi).count()


def _id_set(ids):
    """
    `ids` for an __in filter: on PostgreSQL one array parameter (IN (SELECT unnest(...))),
    since 2,000 placeholders cost more to build and parse than the query itself.
    """
    from django.db import connection
    from django.db.models.expressions import RawSQL

    if connection.vendor == "postgresql" and isinstance(ids, list | tuple):
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
    return ids


def answer_facts(*, case_ids, before) -> dict[int, dict]:
    """
    For each case of `case_ids`, its latest answer letter issued before
    `before` with its notification: {case_id: {issued_at, outgoing_radicado,
    answer_kind, notified_at, method}}. One query per call (callers chunk).
    """
    from responses.models import Purpose

    rows = (IssuedLetter.objects.filter(case_id__in=_id_set(case_ids), issued_at__lt=before,
                                        response__purpose=Purpose.RESPUESTA)
            .order_by("case_id", "issued_at", "pk")
            .values("case_id", "issued_at", "outgoing_radicado", "answer_kind",
                    "notification__notified_at", "notification__method"))
    return {r["case_id"]: {"issued_at": r["issued_at"], "outgoing_radicado": r["outgoing_radicado"],
                           "answer_kind": r["answer_kind"],
                           "notified_at": r["notification__notified_at"],
                           "method": r["notification__method"] or ""} for r in rows}


def sspd_transfer_dates(*, case_ids) -> dict[int, object]:
    """When the apelación of each recurso case was sent to the SSPD: {case_id: sent_at}."""
    return dict(SspdRemission.objects.filter(recurso__case_id__in=_id_set(case_ids),
                                             sent_at__isnull=False)
                .values_list("recurso__case_id", "sent_at"))


def acts_panel_context(case, user, *, now=None) -> dict:
    """
    Which acts that take the case off the clock the user may record now, with
    the legal limits they run against (requerimiento, month, traslado).
    """
    from django.utils import timezone

    from compliance import services as compliance_services
    from compliance.models import Term
    from intake.choices import CaseStatus as S
    from intake.workflow import allowed_targets
    from pqr_portal.access import roles_for
    from responses import policy
    from responses.models import Purpose, Response

    now = now or timezone.now()
    today = timezone.localdate(now)
    ctx = {"can": policy.can_record_acts(user, case), "requerimiento_limit": None,
           "traslado_limit": None, "month": None, "acts": []}
    if not ctx["can"]:
        return ctx
    term = compliance_services.response_term_of(case.pk)
    counted = term is not None and term.unit == Term.Unit.BUSINESS_DAYS
    month = compliance_services.completion_term(case.pk)
    ctx["month"] = month
    targets = allowed_targets(case.status, roles_for(user))
    month_open = month is not None and month.is_open
    early = case.status in (S.RADICADO, S.ASIGNADO, S.EN_TRAMITE, S.EN_PRUEBAS)
    if counted and early and not month_open:
        ctx["requerimiento_limit"] = compliance_services.requerimiento_limit(case_id=case.pk)
        if today <= ctx["requerimiento_limit"]:
            ctx["acts"].append("requerimiento")
    if month_open and now < month.due_at:
        ctx["acts"].append("completion")
        if not month.adjustments.filter(cause="prorroga_completar").exists():
            ctx["acts"].append("completion_extension")
    if month_open and now >= month.due_at and not case.responses.filter(
            purpose=Purpose.DESISTIMIENTO_TACITO).exclude(
            status=Response.Status.DESCARTADA).exists():
        ctx["acts"].append("desistimiento_tacito")
    if S.DESISTIDO in targets:
        ctx["acts"].append("desistimiento_expreso")
    if S.TRASLADADO in targets and counted:
        ctx["traslado_limit"] = compliance_services.traslado_limit(case_id=case.pk)
        ctx["acts"].append("traslado")
    return ctx


def notified_letters(*, lo, hi):
    """Letters whose notification was completed in [lo, hi), in order, as tuples."""
    return (Notification.objects.filter(notified_at__gte=lo, notified_at__lt=hi)
            .order_by("notified_at", "pk")
            .values_list("letter__outgoing_radicado", "letter__case__radicado", "notified_at",
                         "method"))


def case_ids_by_outgoing_radicado(query: str):
    """
    Case ids of the letters and communications with an outgoing radicado `query`
    finds: whole ("S-2026-000012") or its number ("12"), as a list of querysets
    of case ids (empty for other queries).
    """
    from django.conf import settings

    from intake.selectors import RADICADO_NUMBER_MAX_DIGITS, RADICADO_RE, radicado_candidates
    from intake.services import OUTGOING_SERIES
    from responses.models import Communication

    upper = query.strip().upper()
    if RADICADO_RE.fullmatch(upper):
        radicados = [upper]
    elif upper.isascii() and upper.isdigit() and len(upper) <= RADICADO_NUMBER_MAX_DIGITS and int(upper):
        radicados = radicado_candidates(int(upper), series=OUTGOING_SERIES,
                                        fmt=settings.PQR_OUTGOING_RADICADO_FORMAT)
    else:
        return []
    letters = IssuedLetter.objects.filter(outgoing_radicado__in=radicados).values("case_id")
    communications = Communication.objects.filter(
        outgoing_radicado__in=radicados).values("case_id")
    return [letters, communications] if radicados else []
