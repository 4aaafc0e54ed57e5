"""
The case page's panels: other apps add theirs here, explicitly, at start-up
(their AppConfig.ready), instead of intake guessing template names. A panel
whose template is missing fails the system check, not silently at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core import checks

STAFF = "staff"  # the case page of the office
PUBLIC = "public"  # the citizen's tracking page


@dataclass(frozen=True)
class CasePanel:
    app: str
    template: str
    place: str = STAFF
    order: int = 100
    # (user, case) -> bool; None shows it to everyone who sees the page.
    visible: Callable | None = None


_PANELS: list[CasePanel] = []


def register(panel: CasePanel) -> None:
    if panel.place not in (STAFF, PUBLIC):
        raise ValueError(f"unknown panel place {panel.place!r}")
    if any(p.template == panel.template and p.place == panel.place for p in _PANELS):
        return  # ready() may run twice in tests
    _PANELS.append(panel)
    _PANELS.sort(key=lambda p: (p.order, p.app))


def panels_for(place: str, user, case) -> list[str]:
    """The templates of the panels of `place` that `user` may see on `case`, in order."""
    return [p.template for p in _PANELS
            if p.place == place and (p.visible is None or p.visible(user, case))]


@checks.register()
def panel_templates_exist(app_configs=None, **kwargs):
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    errors = []
    for panel in _PANELS:
        try:
            get_template(panel.template)
        except TemplateDoesNotExist:
            errors.append(checks.Error(f"case panel template {panel.template} of {panel.app} "
                                       "does not exist", id="intake.E001"))
    return errors
