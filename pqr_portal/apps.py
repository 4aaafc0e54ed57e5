from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PqrPortalConfig(AppConfig):
    name = "pqr_portal"
    verbose_name = "PQR Portal"


class PQRAdminConfig(admin_apps.AdminConfig):
    """The admin app, with the site that requires the second factor."""

    default = False  # named in INSTALLED_APPS; PqrPortalConfig stays this module's default
    default_site = "pqr_portal.admin_site.PQRAdminSite"
