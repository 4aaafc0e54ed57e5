from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class PqrPortalConfig(AppConfig):
    name = "pqr_portal"
    verbose_name = "PQR Portal"

    def ready(self):
        from pqr_portal.roles_sync import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="pqr-sync-roles")


class PQRAdminConfig(admin_apps.AdminConfig):
    """The admin app, with the site that requires the second factor."""

    default = False  # named in INSTALLED_APPS; PqrPortalConfig stays this module's default
    default_site = "pqr_portal.admin_site.PQRAdminSite"
