"""
The holder's request filed on the public page: identified by the radicado
and tracking code of one of their filings, it becomes a case of the same
customer with its legal term (consulta 10, reclamo 15 business days), like
any PQR. At the counter staff register it with the desk form
(intake.services.desk), the document seen.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake import services as intake_services
from intake.choices import CaseKind, Channel, NotifyBy
from intake.models import Case
from intake.services import receipts

RIGHTS = {
    "acceso": (CaseKind.DATOS_CONSULTA, gettext_lazy("Conocer los datos personales que la "
                                                     "empresa tiene de mí")),
    "correccion": (CaseKind.DATOS_RECTIFICACION, gettext_lazy("Corregir o actualizar mis "
                                                              "datos personales")),
    "supresion": (CaseKind.DATOS_SUPRESION, gettext_lazy("Suprimir mis datos personales que "
                                                         "ya no deban conservarse")),
}
# The same answer as the tracking page for a wrong pair or an unknown radicado.
NOT_IDENTIFIED = gettext_lazy("No encontramos una solicitud con ese número de radicado y ese "
                              "código de consulta. Revise los dos datos en su constancia.")


def case_identified(*, radicado: str, tracking_code: str) -> Case | None:
    """The case of this radicado + tracking code pair, or None (one query on both columns)."""
    return (Case.objects.select_related("customer", "municipality")
            .filter(radicado=radicado.strip(),
                    tracking_code=tracking_code.strip().upper()).first())


@transaction.atomic
def habeas_file_public(*, radicado: str, tracking_code: str, right: str, description: str,
                       electronic_consent: bool = False, attachments=()) -> Case:
    """
    Register the holder's request (acceso, corrección, supresión) from the public page.

    A wrong pair files nothing and reads like the tracking page's refusal. The
    answer goes to the address of the identifying filing, or to its e-mail
    when the holder ticks the box on this page (`electronic_consent`): a
    consent is recorded only where it is given here. The consent to treat
    personal data is not asked (the request is the exercise of the holder's
    rights), so none is recorded.
    """
    if right not in RIGHTS:
        raise ValidationError({"right": _("Elija qué quiere hacer con sus datos.")})
    if not description.strip():
        raise ValidationError({"description": _("Describa su solicitud.")})
    source = case_identified(radicado=radicado, tracking_code=tracking_code)
    if source is None:
        raise ValidationError(str(NOT_IDENTIFIED))
    kind, label = RIGHTS[right]
    email = source.notify_email or source.contact_email
    by_email = bool(electronic_consent and email)
    case = intake_services.case_register(
        kind=kind, channel=Channel.WEB, customer=source.customer, description=description,
        actor=None, subject=str(label),
        notify_by=NotifyBy.EMAIL if by_email else NotifyBy.POSTAL,
        notify_email=email if by_email else "",
        notify_address=source.notify_address, municipality=source.municipality,
        electronic_consent=by_email, data_consent=False, parent=None,
        attachments=attachments,
        # A web filing's own typed contact carries over: never the customer record's.
        contact=source.typed_contact() if source.has_typed_contact else None,
        extra_events=[{"kind": "habeas.filed",
                       "data": {"identified_by": source.radicado, "right": right}}],
    )
    receipts.receipt_schedule(case)
    return case
