from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reportes e indicadores")

    def ready(self):
        from intake.selectors import OPEN_CASE_COUNTERS
        from pqr_portal import export_links
        from reports import events, transitions  # noqa: F401 - kinds and tables
        from reports.attention import open_cases_total
        from reports.export_lists import links_for

        # The export links of any list page ({% export_links %}, pqr_portal.export_links).
        export_links.register(links_for)

        # The landing pages count every open case from the attention snapshot while fresh.
        if open_cases_total not in OPEN_CASE_COUNTERS:
            OPEN_CASE_COUNTERS.append(open_cases_total)
