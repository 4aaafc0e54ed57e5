from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = _("Respuestas escritas")

    def ready(self):
        from caserecord.outbox import outcome_handler_register
        from intake.filters import SAP_RISK_SOURCES
        from intake.panels import PUBLIC, STAFF, CasePanel, register
        from intake.selectors import CASE_SEARCH_SOURCES
        from responses import events, transitions  # noqa: F401 - kinds and tables
        from responses.selectors import (
            case_ids_by_outgoing_radicado,
            notification_sap_risk_case_ids,
        )
        from responses.services import communications, notification

        # The case list's "SAP risk" filter counts late notifications too.
        if notification_sap_risk_case_ids not in SAP_RISK_SOURCES:
            SAP_RISK_SOURCES.append(notification_sap_risk_case_ids)
        # The case search finds a case by the outgoing radicado of its letters and acts.
        if case_ids_by_outgoing_radicado not in CASE_SEARCH_SOURCES:
            CASE_SEARCH_SOURCES.append(case_ids_by_outgoing_radicado)
        # A notice counts as sent only when the mail server accepts it.
        outcome_handler_register("response.notification",
                                 sent=notification.notification_email_sent,
                                 failed=notification.notification_email_failed)
        outcome_handler_register(communications.EMAIL_PURPOSE,
                                 sent=communications.communication_email_sent,
                                 failed=communications.communication_email_failed)

        register(CasePanel(app="responses", template="responses/_case_panel.html", place=STAFF,
                           order=20))
        register(CasePanel(app="responses", template="responses/_acts_panel.html", place=STAFF,
                           order=25))
        register(CasePanel(app="responses", template="responses/public/_tracking_panel.html",
                           place=PUBLIC, order=20))
