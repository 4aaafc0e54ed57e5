from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archivo de expedientes")

    def ready(self):
        from archive import events  # noqa: F401 - registers the event kinds
        from intake.panels import STAFF, CasePanel, register

        register(CasePanel(app="archive", template="archive/_case_panel.html", place=STAFF,
                           order=90, visible=_panel_visible))


def _panel_visible(user, case) -> bool:
    from archive import policy
    from intake.choices import FINAL_STATUSES

    return case.status in FINAL_STATUSES and policy.can_view_archive(user)
