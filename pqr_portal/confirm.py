"""
Guardrails on what cannot be undone: a box the user must tick, checked on the server.

Forms add `confirm_field(label)`; a bare POST button (no form class) asks
`confirmed(request)`. The label says what happens and that it is final, so the
box is the confirmation (no script needed, and a POST without it is refused).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

CONFIRM_NAME = "confirm"
NOT_CONFIRMED = _("Marque la casilla de confirmación: esta acción no se puede deshacer.")


def confirm_field(label) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=True,
                              error_messages={"required": NOT_CONFIRMED})


def confirmed(request) -> bool:
    """True when the POST carries the ticked confirmation box."""
    return request.POST.get(CONFIRM_NAME) in ("1", "on", "true")
