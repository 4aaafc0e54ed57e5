"""
Public pages of responses (no login): verify a letter, open an electronic
notification, file a recurso with radicado + tracking code.
"""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from caserecord.files import safe_filename
from caserecord.models import DataAccess
from caserecord.services import data_access_record
from intake.models import Case
from pqr_portal import ratelimit
from responses import services
from responses.forms import PublicRecursoForm
from responses.models import IssuedLetter, Notification

RECURSO_RATE = "20/h"
VERIFICATION_CODE_RE = re.compile(r"[A-Z0-9-]{1,40}", re.ASCII)


@login_not_required
@require_GET
def verify_form(request):
    # The code as printed: letters, digits and dashes (spaces typed from paper are dropped).
    code = "".join(request.GET.get("code", "").split()).upper()
    if code and VERIFICATION_CODE_RE.fullmatch(code):
        return redirect("responses_public:verify", code=code)
    error = _("El código de verificación lleva solo letras y números, como aparece al final "
              "de la carta.") if code else ""
    return render(request, "responses/public/verify_form.html",
                  {"page_title": _("Verificar un documento"), "error": error,
                   "code": request.GET.get("code", "")[:40]},
                  status=400 if error else 200)


@login_not_required
@require_GET
def verify(request, code: str):
    """Confirm that `code` belongs to an issued letter and show its SHA-256."""
    letter = (IssuedLetter.objects.select_related("case", "attachment")
              .filter(verification_code=code.strip().upper()).first())
    if letter is None:
        return render(request, "responses/public/verify_not_found.html",
                      {"page_title": _("Documento no encontrado"), "code": code}, status=404)
    return render(request, "responses/public/verify.html", {
        "page_title": _("Documento verificado"), "letter": letter,
        "issued_local": timezone.localtime(letter.issued_at),
        "company": settings.PQR_COMPANY_NAME,
    })


def _notification(token: str) -> Notification:
    notification = (Notification.objects.select_related("letter__case__customer",
                                                        "letter__attachment")
                    .filter(token=token, channel=Notification.Channel.ELECTRONICA).first())
    if notification is None:
        raise Http404
    return notification


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def notification_open(request, token: str):
    """
    The personal link of an electronic notification.

    GET only shows the page (mail scanners prefetch links); opening the act is
    the POST of the button, which records the access and notifies.
    """
    notification = _notification(token)
    if request.method == "POST":
        notification = services.notification_open(
            token=token, remote=ratelimit.client_ip(request))
    return render(request, "responses/public/notification_open.html", {
        "page_title": _("Notificación de su respuesta"), "notification": notification,
        "letter": notification.letter, "case": notification.letter.case,
    })


@login_not_required
@never_cache
@require_GET
def notification_pdf(request, token: str):
    """Download the notified letter; downloading it is access, so it notifies too."""
    notification = (Notification.objects.select_related("letter__attachment")
                    .filter(token=token).first())
    if notification is None:
        raise Http404
    if notification.channel == Notification.Channel.ELECTRONICA and notification.opened_at is None:
        services.notification_open(token=token, remote=ratelimit.client_ip(request))
    elif not notification.completed:
        raise Http404
    att = notification.letter.attachment
    data_access_record(kind=DataAccess.Kind.LETTER, request=request, case_id=att.case_id,
                       record=notification.letter)
    return FileResponse(att.file.open("rb"), as_attachment=True,
                        filename=safe_filename(att.original_name, "application/pdf"),
                        content_type="application/pdf")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def recurso_file(request):
    """File a recurso against the decision of a case, with radicado and tracking code."""
    ctx = {"page_title": _("Interponer un recurso")}
    if request.method == "GET" or request.POST.get("start"):
        # The notification page links here with the radicado filled in (never the code).
        initial = {"radicado": request.GET.get("radicado", "")[:30],
                   **{k: request.POST.get(k, "") for k in ("radicado", "tracking_code")
                      if request.POST.get(k)}}
        ctx["form"] = PublicRecursoForm(initial=initial)
        return render(request, "responses/public/recurso.html", ctx)
    if not ratelimit.hit_rate(f"recurso:{ratelimit.client_key(request)}", RECURSO_RATE):
        return render(request, "responses/public/recurso.html",
                      {**ctx, "form": PublicRecursoForm(), "too_many": True}, status=429)
    form = PublicRecursoForm(request.POST, request.FILES)
    ctx["form"] = form
    if not form.is_valid():
        return render(request, "responses/public/recurso.html", ctx, status=400)
    data = form.cleaned_data
    case = Case.objects.filter(radicado=data["radicado"].strip(),
                               tracking_code=data["tracking_code"].strip().upper()).first()
    if case is None:
        form.add_error(None, _("No encontramos una solicitud con ese radicado y ese código de "
                               "consulta."))
        return render(request, "responses/public/recurso.html", ctx, status=400)
    try:
        recurso = services.recurso_file(
            decision_case=case, actor=None, kind=data["kind"], description=data["description"],
            via_public=True, paid_undisputed=data["paid_undisputed"],
            attachments=[data["attachment"]] if data.get("attachment") else [])
    except ValidationError as exc:
        for msg in exc.messages:
            form.add_error(None, msg)
        return render(request, "responses/public/recurso.html", ctx, status=400)
    from intake.services.receipts import receipt_recipient
    from intake.views.public import with_case_remembered

    response = render(request, "responses/public/recurso_filed.html", {
        "page_title": _("Recurso radicado"), "recurso": recurso, "case": recurso.case,
        "decision_case": case, "email_to": receipt_recipient(recurso.case),
    })
    return with_case_remembered(request, response, recurso.case)


@login_not_required
@require_GET
def avisos(request):
    """Avisos published for unknown addresses: 5 business days (CPACA art. 69 inciso 2)."""
    from responses.services.notice_letters import avisos_published

    return render(request, "responses/public/avisos.html", {
        "page_title": _("Notificaciones por aviso publicadas"),
        "avisos": avisos_published(timezone.localdate())})


@login_not_required
@require_GET
def aviso_pdf(request, radicado: str):
    """The aviso with the copy of the act, only while it is published."""
    from responses.services.notice_letters import avisos_published

    aviso = avisos_published(timezone.localdate()).filter(outgoing_radicado=radicado).first()
    if aviso is None:
        raise Http404
    data_access_record(kind=DataAccess.Kind.LETTER, request=request,
                       case_id=aviso.attachment.case_id, record=aviso)
    return FileResponse(aviso.attachment.file.open("rb"), content_type="application/pdf",
                        filename=safe_filename(f"aviso-{aviso.outgoing_radicado}.pdf",
                                               "application/pdf"))
