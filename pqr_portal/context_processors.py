"""Navigation by role, shared by every staff page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from archive import policy as archive_policy
from caserecord import policy as caserecord_policy
from compliance import policy as compliance_policy
from field_visits import policy as field_visits_policy
from intake import policy as intake_policy
from pqr_portal.access import has_work_page, roles_for
from pqr_portal.roles import GROUP_NAMES
from reports import policy as reports_policy
from responses import policy as responses_policy

# (url name, label, policy function of the user). The entry is shown exactly
# when the policy that guards the view allows the user: the menu and the
# pages cannot disagree (tests/foundation/test_permission_matrix.py checks it).
NAV_ITEMS = [
    ("home", _("Mi trabajo"), has_work_page),
    ("intake:case-list", _("Casos"), intake_policy.can_view_all_cases),
    ("intake:register", _("Radicar"), intake_policy.can_register),
    ("intake:customer-list", _("Usuarios"), intake_policy.can_view_customers),
    ("field_visits:programming", _("Visitas"), field_visits_policy.can_program),
    ("field_visits:my-visits", _("Mis visitas"), field_visits_policy.can_work_visit),
    ("responses:review-queue", _("Respuestas"), responses_policy.can_draft),
    ("archive:list", _("Archivo"), archive_policy.can_view_archive),
    ("compliance:calendar", _("Calendario"), compliance_policy.can_view_calendar),
    ("compliance:calculator", _("Calculadora de términos"), compliance_policy.can_use_calculator),
    ("compliance:alerts", _("Mis alertas"), compliance_policy.can_view_alerts),
    ("compliance:nc-list", _("No conformidades"), compliance_policy.can_view_nonconformities),
    ("compliance:inspection-list", _("Inspecciones QHSE"), compliance_policy.can_view_inspections),
    ("compliance:my-actions", _("Mis acciones"), compliance_policy.can_view_my_actions),
    ("reports:dashboard", _("Tablero"), reports_policy.can_view_dashboard),
    ("reports:indicators", _("Indicadores"), reports_policy.can_view_dashboard),
    ("reports:sui", _("Reporte SUI"), reports_policy.can_view_dashboard),
    ("reports:management", _("Informe de gestión"), reports_policy.can_view_dashboard),
    ("reports:billing", _("Cuenta de cobro"), reports_policy.can_view_dashboard),
    ("caserecord:access-log", _("Registro de accesos"), caserecord_policy.can_view_access_log),
]


def nav_items_for(user) -> list[tuple[str, str]]:
    """Return (url name, label) of the entries `user` may open."""
    return [(name, label) for name, label, allowed in NAV_ITEMS if allowed(user)]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for name, label in nav_items_for(user):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the feature is not built yet
        items.append({"url": url, "label": label, "active": request.path == url})
    roles = roles_for(user)
    role_names = [str(GROUP_NAMES[r]) for r in roles if r in GROUP_NAMES]
    # The header's search finds a case from any page, for whoever may open the case list.
    search_url = reverse("intake:case-list") if intake_policy.can_view_all_cases(user) else ""
    return {"nav_items": items, "user_role_names": role_names,
            "has_landing": has_work_page(user), "case_search_url": search_url}
