from django import template

from habeas import policy
from habeas.services.filing import RIGHTS
from intake.choices import CaseKind, Channel

register = template.Library()

RIGHT_OF_KIND = {kind: key for key, (kind, _label) in RIGHTS.items()}


@register.simple_tag(takes_context=True)
def habeas_panel(context, case):
    """What the habeas panel of the case page shows to the user reading it."""
    user = context["request"].user
    filed = case.events.filter(kind="habeas.filed").first()
    return {
        "right": RIGHTS[RIGHT_OF_KIND[case.kind]][1],
        "identified_by": filed.data.get("identified_by") if filed else "",
        "web": case.channel == Channel.WEB,
        "can_report": case.kind == CaseKind.DATOS_CONSULTA
        and policy.can_issue_access_report(user, case),
        "can_correct": case.kind == CaseKind.DATOS_RECTIFICACION
        and policy.can_correct_data(user, case),
        "can_suppress": case.kind == CaseKind.DATOS_SUPRESION and policy.can_suppress(user, case),
        "reports": case.attachments.filter(original_name__startswith="datos-personales-"),
    }
