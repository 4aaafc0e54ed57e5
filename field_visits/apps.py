from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldVisitsConfig(AppConfig):
    name = "field_visits"
    verbose_name = _("Visitas de campo")

    def ready(self):
        from field_visits import events  # noqa: F401 - registers the event kinds
        from intake.panels import STAFF, CasePanel, register

        register(CasePanel(app="field_visits", template="field_visits/_case_panel.html",
                           place=STAFF, order=10))
