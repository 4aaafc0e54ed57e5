from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Cumplimiento de términos")

    def ready(self):
        from compliance import events  # noqa: F401 - registers the event kinds
        from compliance.clock import catalogue_cache_clear
        from compliance.models import ExtraClosure, TermRule
        from compliance.services import (  # noqa: F401 - register their tables
            actions,
            nonconformities,
            plans,
            support,
        )

        for model in (TermRule, ExtraClosure):
            post_save.connect(catalogue_cache_clear, sender=model, dispatch_uid=f"cc-save-{model.__name__}")
            post_delete.connect(catalogue_cache_clear, sender=model, dispatch_uid=f"cc-del-{model.__name__}")
