from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Radicación de PQR")

    def ready(self):
        from intake.roles_sync import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="intake-sync-roles")
