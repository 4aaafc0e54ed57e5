"""Project-level pages: home (role landing), role work pages, health."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pqr_portal.access import role_required, roles_for
from pqr_portal.roles import LANDING_URL, Role

logger = logging.getLogger(__name__)

# The order decides where a user with several roles lands.
LANDING_ORDER = [Role.COORDINADOR, Role.BACK_OFFICE, Role.FRONT_OFFICE, Role.BRIGADISTA,
                 Role.AUXILIAR, Role.GERENTE]


@login_not_required
def home(request):
    """The citizens' home for anonymous visitors; each staff user to their main role's page."""
    if not request.user.is_authenticated:
        return public_home(request)
    roles = roles_for(request.user)
    for role in LANDING_ORDER:
        if role in roles:
            return redirect(LANDING_URL[role])
    return render(request, "work/no_role.html", status=403)


@login_not_required
@require_GET
def public_home(request):
    """What a citizen can do here: file, follow, appeal, verify; office hours and channels."""
    return render(request, "public/home.html", {
        "page_title": _("Atención al Cliente"), "company": settings.PQR_COMPANY_NAME,
        "office_hours": settings.PQR_OFFICE_HOURS, "office_channels": settings.PQR_OFFICE_CHANNELS,
    })


WORK_PAGES = {
    Role.FRONT_OFFICE: {
        "title": _("Front office: atención en el PAC"),
        "template": "work/front_office.html",
    },
    Role.BACK_OFFICE: {"title": _("Back office: casos en trámite"), "template": "work/back_office.html"},
    Role.BRIGADISTA: {"title": _("Mis visitas de hoy"), "template": "work/brigadista.html"},
    Role.COORDINADOR: {"title": _("Coordinación del proceso"), "template": "work/coordinador.html"},
    Role.AUXILIAR: {"title": _("Auxiliar administrativo"), "template": "work/auxiliar.html"},
    Role.GERENTE: {"title": _("Indicadores de gerencia"), "template": "work/gerente.html"},
}


def _work_page(role):
    @role_required(role)
    def view(request):
        from intake.selectors import work_summary_for

        page = WORK_PAGES[role]
        ctx = {"page_title": page["title"], **work_summary_for(request.user, role)}
        return render(request, page["template"], ctx)

    view.__name__ = f"work_{role.value}"
    return view


work_front_office = _work_page(Role.FRONT_OFFICE)
work_back_office = _work_page(Role.BACK_OFFICE)
work_brigadista = _work_page(Role.BRIGADISTA)
work_coordinador = _work_page(Role.COORDINADOR)
work_auxiliar = _work_page(Role.AUXILIAR)


@role_required(Role.GERENTE)
def work_gerente(request):
    """
    The gerente's page: indicators against targets (traffic lights), the service
    plan awaiting their approval, the latest monthly reports; no case lists.
    """
    from django.utils import timezone

    from compliance.policy import can_approve_plan
    from compliance.selectors import plan_in_force, plans_awaiting_decision
    from reports.gerencia import gerencia_summary

    today = timezone.localdate()
    ctx = {"page_title": WORK_PAGES[Role.GERENTE]["title"], **gerencia_summary(today),
           "plans_pending": list(plans_awaiting_decision()[:10]),
           "plan_in_force": plan_in_force(today),
           "can_decide_plans": can_approve_plan(request.user)}
    return render(request, WORK_PAGES[Role.GERENTE]["template"], ctx)


def broker_status() -> tuple[bool, str]:
    """Return (ok, detail) for the Celery broker; in-process mode needs no broker."""
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (en proceso)"
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            # One retry after a fifth of a second: a probe must answer before the load
            # balancer's own timeout, not wait kombu's default two-second back-off.
            conn.ensure_connection(max_retries=1, interval_start=0.2, interval_step=0.2,
                                   timeout=2)
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return False, exc.__class__.__name__


def database_status() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, exc.__class__.__name__


def _caller_is_staff(request) -> bool:
    """True for a logged-in admin-site user; False when the session cannot be read (database down)."""
    try:
        return bool(request.user.is_staff)
    except Exception:  # noqa: BLE001 - a health check must answer whatever is down
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """
    Database and broker status for the load balancer: "ok" or "error" each.

    Anonymous callers (the load balancer, anybody on the internet) never see
    why a service failed: exception names tell an attacker which driver and
    which failure. Staff of the admin site see the detail; the log has it always.
    """
    db_ok, db_detail = database_status()
    broker_ok, broker_detail = broker_status()
    healthy = db_ok and broker_ok
    if not healthy:
        logger.warning("healthz: database %s, broker %s", db_detail, broker_detail)
    if not _caller_is_staff(request):
        db_detail = "ok" if db_ok else "error"
        broker_detail = "ok" if broker_ok else "error"
    return JsonResponse(
        {"status": "ok" if healthy else "error",
         "database": db_detail, "broker": broker_detail},
        status=200 if healthy else 503,
    )


@login_not_required
def favicon(request):
    """/favicon.ico: the icon in the static files (pages name it in base.html)."""
    from django.templatetags.static import static

    return redirect(static("favicon.svg"))
