from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = _("Respuestas escritas")
