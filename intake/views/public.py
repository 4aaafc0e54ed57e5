"""
The citizen's pages: file a PQR, see the result, download the receipt, track.

No login (each view opts out explicitly). A case is reachable only by the
browser session that filed or tracked it, or through radicado + tracking
code; every other attempt gets the same answer as an unknown radicado.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from caserecord.models import DataAccess
from caserecord.services import data_access_record
from intake import pdf
from intake.challenge import ANSWER_FIELD, TOKEN_FIELD, challenge_new, challenge_passed
from intake.forms_public import PublicCaseForm, TrackForm
from intake.models import Case
from intake.panels import PUBLIC, panels_for
from intake.public_status import public_status, public_timeline
from intake.services import receipts
from intake.services.public import case_file_public
from pqr_portal import ratelimit

logger = logging.getLogger(__name__)

# What this browser filed or tracked lives in one signed cookie, not in the
# database session: a filing then costs no session read or write (the public
# form is the hottest path), and a forged cookie fails the signature.
STATE_COOKIE = "pqr_publico"
STATE_SALT = "intake.public.state"
STATE_MAX_AGE = 30 * 24 * 3600
SESSION_MAX = 20
# Tracking attempts per IP: enough for a family, too few to probe radicados.
TRACK_RATE_DEFAULT = "20/h"


def _state(request) -> dict:
    """Return this browser's public state (cases it may see, forms sent, warnings)."""
    if not hasattr(request, "_pqr_state"):
        try:
            state = signing.loads(request.COOKIES.get(STATE_COOKIE, ""), salt=STATE_SALT,
                                  max_age=STATE_MAX_AGE)
        except signing.BadSignature:
            state = {}
        request._pqr_state = state if isinstance(state, dict) else {}
    return request._pqr_state


def _state_changed(request) -> None:
    request._pqr_state_dirty = True


def _with_state(request, response):
    """Write the public state cookie on `response` when the view changed it."""
    if getattr(request, "_pqr_state_dirty", False):
        response.set_cookie(
            STATE_COOKIE, signing.dumps(_state(request), salt=STATE_SALT, compress=True),
            max_age=STATE_MAX_AGE, httponly=True, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE)
    return response


def _remember(request, case: Case) -> None:
    """Let this browser see `case` (the one who filed or tracked it)."""
    state = _state(request)
    ids = [i for i in state.get("cases", []) if i != case.pk]
    state["cases"] = [*ids, case.pk][-SESSION_MAX:]
    _state_changed(request)


def with_case_remembered(request, response, case: Case):
    """Let this browser see `case` (its receipt, its page) from `response` on."""
    _remember(request, case)
    return _with_state(request, response)


def _session_case(request, radicado: str) -> Case:
    """Return the case `radicado` if this browser filed or tracked it; else 404."""
    ids = _state(request).get("cases", [])
    case = (Case.objects.select_related("response_term", "causal", "customer")
            .filter(radicado=radicado, pk__in=ids).first())
    if case is None:
        raise Http404
    return case


def _too_many(request, back: str):
    return render(request, "intake/public/too_many.html",
                  {"page_title": _("Demasiados intentos"), "back_url": reverse(back)},
                  status=429)


@login_not_required
@csrf_exempt  # checked by _file_case_post, after the cheap checks: see below
@never_cache
@require_http_methods(["GET", "POST"])
def file_case(request):
    """
    The public PQR form (Post/Redirect/Get to the result page).

    The rate limit runs before anything reads the body (the size limit ran
    earlier still: pqr_portal.uploads, PQR_UPLOAD_FILES["public:file"]):
    CsrfViewMiddleware would otherwise parse (and spool) every upload first,
    so the CSRF check is applied by _file_case_post instead of the middleware.
    Past the rate limit the filing is not refused: the form asks a question
    (intake.challenge), up to PQR_PUBLIC_CHALLENGE_RATE solved ones.
    """
    if request.method == "GET":
        form = PublicCaseForm(initial={"submission_id": secrets.token_urlsafe(16)})
        return render(request, "intake/public/file.html", _file_ctx(form))
    key = ratelimit.client_key(request)
    within_limit = ratelimit.hit_rate(f"file:{key}", settings.PQR_PUBLIC_RATE_LIMIT)
    if not within_limit:
        return _with_state(request, _file_case_challenged(request, key))
    return _with_state(request, _file_case_post(request))


@csrf_protect
def _file_case_challenged(request, key: str):
    """Past the rate limit: file when the challenge is solved, else ask it (typed data kept)."""
    token, answer = request.POST.get(TOKEN_FIELD, ""), request.POST.get(ANSWER_FIELD, "")
    if token and challenge_passed(token, answer):
        if not ratelimit.hit_rate(f"file-challenge:{key}", settings.PQR_PUBLIC_CHALLENGE_RATE):
            return _too_many(request, "public:file")
        return _file_case_post(request)
    form = PublicCaseForm(request.POST)  # the files must be chosen again
    ctx = _file_ctx(form)
    ctx["challenge"] = {**challenge_new(), "failed": bool(token)}
    return render(request, "intake/public/file.html", ctx, status=429)


@csrf_protect
def _file_case_post(request):
    state = _state(request)
    submitted = state.get("subs", {})
    submission_id = request.POST.get("submission_id", "")[:40]
    if submission_id and submission_id in submitted:
        # The same form sent twice: show the radicado it already got.
        return redirect("public:filed", radicado=submitted[submission_id])
    form = PublicCaseForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "intake/public/file.html", _file_ctx(form), status=400)
    try:
        case = case_file_public(**form.filing_kwargs())
    except ValidationError as exc:
        # The service re-checks invariants; its messages go on top of the form.
        form.add_error(None, exc.messages)
        return render(request, "intake/public/file.html", _file_ctx(form), status=400)
    _remember(request, case)
    if submission_id:
        state["subs"] = dict(
            list(submitted.items())[-(SESSION_MAX - 1):] + [(submission_id, case.radicado)])
    if form.warnings:
        state["warn"] = {case.radicado: [str(w) for w in form.warnings.values()]}
    _state_changed(request)
    return redirect("public:filed", radicado=case.radicado)


def _file_ctx(form):
    return {"form": form, "page_title": _("Radicar una PQR"),
            "honeypot": form[PublicCaseForm.HONEYPOT]}


@login_not_required
@never_cache
@require_GET
def filed(request, radicado: str):
    """The result page: radicado, tracking code, due date and the receipt link."""
    case = _session_case(request, radicado)
    warnings = _state(request).get("warn", {}).get(case.radicado, [])
    return render(request, "intake/public/filed.html", {
        "case": case, "page_title": _("Solicitud radicada"), "warnings": warnings,
        "due_date": case.response_term.due_date if case.response_term else None,
        "filed_local": timezone.localtime(case.filed_at),
        "email_to": receipts.receipt_recipient(case),
    })


@login_not_required
@never_cache
@require_GET
def receipt(request, radicado: str):
    """Download the constancia: the stored one, or rendered now if not yet stored."""
    case = _session_case(request, radicado)
    stored = receipts.receipt_attachment(case)
    if stored is not None:
        with stored.file.open("rb") as fh:
            content = fh.read()
    else:
        # The after-commit task may not have run yet; render without storing.
        content = pdf.render_receipt(case)
    data_access_record(kind=DataAccess.Kind.RECEIPT, request=request, case=case)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{receipts.receipt_filename(case)}"')
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """
    Radicado + tracking code -> status, public timeline, due date.

    A wrong pair and an unknown radicado get the very same page and status,
    from the same single query on both columns (what differs inside the
    database is microseconds, far below the network's noise), and every
    attempt counts against the per-IP limit.
    """
    ctx = {"page_title": _("Consultar mi PQR")}
    if request.method == "GET":
        # The receipt e-mail links here with the radicado filled in (never the code).
        ctx["form"] = TrackForm(initial={"radicado": request.GET.get("radicado", "")[:30]})
        return render(request, "intake/public/track.html", ctx)
    rate = getattr(settings, "PQR_TRACK_RATE_LIMIT", TRACK_RATE_DEFAULT)
    if not ratelimit.hit_rate(f"track:{ratelimit.client_key(request)}", rate):
        return _too_many(request, "public:track")
    form = TrackForm(request.POST)
    ctx["form"] = form
    if not form.is_valid():
        return render(request, "intake/public/track.html", ctx, status=400)
    case = (Case.objects.select_related("response_term", "causal")
            .filter(radicado=form.cleaned_data["radicado"],
                    tracking_code=form.cleaned_data["code"]).first())
    if case is None:
        form.add_error(None, _("No encontramos una solicitud con ese número de radicado y ese "
                               "código de consulta. Revise los dos datos en su constancia."))
        return render(request, "intake/public/track.html", ctx, status=200)
    _remember(request, case)
    ctx.update({
        "case": case, "tracking_code": case.tracking_code,
        "status": public_status(case.status),
        "timeline": public_timeline(case),
        "due_date": case.response_term.due_date if case.response_term else None,
        "filed_local": timezone.localtime(case.filed_at),
        "tracking_panels": panels_for(PUBLIC, None, case),
        "form": TrackForm(),
    })
    return _with_state(request, render(request, "intake/public/track.html", ctx))


@login_not_required
@require_GET
def privacy(request):
    """The privacy notice (Ley 1581 de 2012) the consent box links to."""
    return render(request, "intake/public/privacy.html", {
        "page_title": _("Aviso de privacidad"), "company": settings.PQR_COMPANY_NAME,
        "version": settings.PQR_PRIVACY_NOTICE_VERSION,
    })
