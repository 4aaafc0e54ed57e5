from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Radicación de PQR")

    def ready(self):
        from intake.roles_sync import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="intake-sync-roles")

        from django.db.models.signals import post_delete, post_save

        from intake import catalogues
        from intake.models import Causal, Municipality

        for model in (Causal, Municipality):
            post_save.connect(catalogues.clear, sender=model, dispatch_uid=f"ic-save-{model.__name__}")
            post_delete.connect(catalogues.clear, sender=model, dispatch_uid=f"ic-del-{model.__name__}")
