from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Radicación de PQR")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        # events, workflow and agreements register the event kinds and the transition tables.
        from intake import catalogue_cache, events, workflow  # noqa: F401
        from intake.models import Causal, Municipality
        from intake.services import agreements  # noqa: F401
        from intake.textsearch import sqlite_functions_register

        sqlite_functions_register()

        for model in (Causal, Municipality):
            post_save.connect(catalogue_cache.clear, sender=model, dispatch_uid=f"ic-save-{model.__name__}")
            post_delete.connect(catalogue_cache.clear, sender=model, dispatch_uid=f"ic-del-{model.__name__}")
