from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = _("Respuestas escritas")

    def ready(self):
        from intake.panels import PUBLIC, STAFF, CasePanel, register
        from responses import events, transitions  # noqa: F401 - kinds and tables

        register(CasePanel(app="responses", template="responses/_case_panel.html", place=STAFF,
                           order=20))
        register(CasePanel(app="responses", template="responses/_acts_panel.html", place=STAFF,
                           order=25))
        register(CasePanel(app="responses", template="responses/public/_tracking_panel.html",
                           place=PUBLIC, order=20))
