from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PqrPortalConfig(AppConfig):
    name = "pqr_portal"
    verbose_name = "PQR Portal"

    def ready(self):
        from pqr_portal.roles_sync import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="pqr-sync-roles")
