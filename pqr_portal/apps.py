from django.apps import AppConfig


class PqrPortalConfig(AppConfig):
    name = "pqr_portal"
    verbose_name = "PQR Portal"
