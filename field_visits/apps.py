from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldVisitsConfig(AppConfig):
    name = "field_visits"
    verbose_name = _("Visitas de campo")

    def ready(self):
        from field_visits import events, transitions  # noqa: F401 - kinds and tables
        from intake.panels import STAFF, CasePanel, register

        register(CasePanel(app="field_visits", template="field_visits/_case_panel.html",
                           place=STAFF, order=10))
