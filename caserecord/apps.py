from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseRecordConfig(AppConfig):
    name = "caserecord"
    verbose_name = _("Expediente y trazabilidad")

    def ready(self):
        from caserecord import events, outbox  # noqa: F401 - register the kinds, the outbox table
