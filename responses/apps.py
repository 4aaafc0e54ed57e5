from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = _("Respuestas escritas")

    def ready(self):
        from intake.filters import SAP_RISK_SOURCES
        from intake.panels import PUBLIC, STAFF, CasePanel, register
        from responses import events, transitions  # noqa: F401 - kinds and tables
        from responses.selectors import notification_sap_risk_case_ids

        # The case list's "SAP risk" filter counts late notifications too.
        if notification_sap_risk_case_ids not in SAP_RISK_SOURCES:
            SAP_RISK_SOURCES.append(notification_sap_risk_case_ids)

        register(CasePanel(app="responses", template="responses/_case_panel.html", place=STAFF,
                           order=20))
        register(CasePanel(app="responses", template="responses/_acts_panel.html", place=STAFF,
                           order=25))
        register(CasePanel(app="responses", template="responses/public/_tracking_panel.html",
                           place=PUBLIC, order=20))
