"""Navigation by role, shared by every staff page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from pqr_portal.access import roles_for
from pqr_portal.roles import GROUP_NAMES, LANDING_URL, Role

# (url name, label, roles that see it). Feature apps add their entries here.
NAV_ITEMS = [
    ("home", _("Mi trabajo"), None),
    ("intake:case-list", _("Casos"), {Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.COORDINADOR,
                                       Role.AUXILIAR, Role.GERENTE}),
    ("intake:register", _("Radicar"), {Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.COORDINADOR,
                                        Role.AUXILIAR}),
    ("intake:customer-list", _("Usuarios"), {Role.FRONT_OFFICE, Role.BACK_OFFICE,
                                              Role.COORDINADOR, Role.AUXILIAR}),
    ("field_visits:programming", _("Visitas"), {Role.COORDINADOR, Role.BACK_OFFICE}),
    ("field_visits:my-visits", _("Mis visitas"), {Role.BRIGADISTA}),
    ("responses:review-queue", _("Respuestas"), {Role.BACK_OFFICE, Role.COORDINADOR}),
    ("compliance:calendar", _("Calendario"), {Role.COORDINADOR, Role.BACK_OFFICE}),
    ("compliance:calculator", _("Calculadora de términos"), {Role.COORDINADOR, Role.BACK_OFFICE,
                                                             Role.FRONT_OFFICE}),
    ("compliance:alerts", _("Mis alertas"), {Role.FRONT_OFFICE, Role.BACK_OFFICE,
                                              Role.COORDINADOR, Role.AUXILIAR}),
    ("reports:dashboard", _("Indicadores"), {Role.COORDINADOR, Role.GERENTE}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_for(user)
    items = []
    for name, label, allowed in NAV_ITEMS:
        if allowed is not None and not (roles & allowed):
            continue
        try:
            items.append({"url": reverse(name), "label": label,
                          "active": request.path == reverse(name)})
        except NoReverseMatch:
            continue  # the feature is not built yet
    role_names = [str(GROUP_NAMES[r]) for r in roles if r in GROUP_NAMES]
    return {"nav_items": items, "user_role_names": role_names,
            "has_landing": any(r in LANDING_URL for r in roles)}
