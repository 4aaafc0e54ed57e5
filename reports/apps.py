from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reportes e indicadores")

    def ready(self):
        from reports import events, transitions  # noqa: F401 - kinds and tables
