"""The event kinds of records that are not cases (admin edits of catalogues)."""

from django.utils.translation import gettext_lazy as L

from caserecord.kinds import register

register(
    "caserecord",
    ("record.created", L("Registro creado"), False, L("Creado: %(repr)s")),
    ("record.changed", L("Registro modificado"), False, L("Modificado: %(repr)s")),
    ("record.deleted", L("Registro eliminado"), False, L("Eliminado: %(repr)s")),
)
