from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldVisitsConfig(AppConfig):
    name = "field_visits"
    verbose_name = _("Visitas de campo")
