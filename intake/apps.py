from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Radicación de PQR")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from intake import catalogue_cache, events  # noqa: F401 - events registers the event kinds
        from intake.models import Causal, Municipality

        for model in (Causal, Municipality):
            post_save.connect(catalogue_cache.clear, sender=model, dispatch_uid=f"ic-save-{model.__name__}")
            post_delete.connect(catalogue_cache.clear, sender=model, dispatch_uid=f"ic-del-{model.__name__}")
