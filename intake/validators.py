"""Colombian identity documents, validated with python-stdnum."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.co import nit

from intake.choices import IdType


def normalize_id(id_type: str, raw: str) -> str:
    """Return the document number without dots, spaces or dashes (NIT keeps its check digit)."""
    value = re.sub(r"[\s.\-]", "", raw or "").upper()
    return value


def validate_id(id_type: str, raw: str) -> str:
    """Return the normalized number, or raise ValidationError with a Spanish message."""
    value = normalize_id(id_type, raw)
    if not value:
        raise ValidationError(_("Escriba el número de documento."), code="required")
    if id_type == IdType.CC:
        if not (value.isascii() and value.isdigit()) or not (3 <= len(value) <= 10) or value.startswith("0"):
            raise ValidationError(_("La cédula de ciudadanía debe tener entre 3 y 10 dígitos, sin letras."), code="bad_cc")
    elif id_type == IdType.CE:
        if not (value.isascii() and value.isdigit()) or not (3 <= len(value) <= 10):
            raise ValidationError(_("La cédula de extranjería debe tener entre 3 y 10 dígitos."), code="bad_ce")
    elif id_type == IdType.NIT:
        try:
            value = nit.validate(value)
        except Exception:  # noqa: BLE001 - stdnum raises several ValidationError kinds
            raise ValidationError(_("El NIT no es válido: revise el número y el dígito de verificación."), code="bad_nit")
    elif id_type == IdType.PA:
        if not re.fullmatch(r"[A-Z0-9]{5,16}", value):
            raise ValidationError(_("El pasaporte debe tener entre 5 y 16 letras o números."), code="bad_pa")
    else:
        raise ValidationError(_("Tipo de documento desconocido."), code="bad_type")
    return value
