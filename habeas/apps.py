from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HabeasConfig(AppConfig):
    name = "habeas"
    verbose_name = _("Datos personales (habeas data)")

    def ready(self):
        from habeas import events  # noqa: F401 - kinds
        from habeas.policy import is_habeas_case
        from intake.panels import STAFF, CasePanel, register

        register(CasePanel(app="habeas", template="habeas/_case_panel.html", place=STAFF,
                           order=5, visible=lambda user, case: is_habeas_case(case)))
