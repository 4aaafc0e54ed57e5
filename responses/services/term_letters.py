"""
The term changes the law allows only with a letter to the petitioner: the
prórroga of a Ley 1755 term (art. 14 parágrafo: reasons and the new date,
before expiry, at most double) and the suspension for práctica de pruebas
under Ley 142 art. 158 (told to the user before the term ends). compliance
keeps the rule (extension_check, term_extend, term_suspend); this issues the
letter first and passes its radicado and instant.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import policy as compliance_policy
from compliance import services as compliance_services
from compliance.models import Term, TermAdjustment
from intake.models import Case
from pqr_portal.access import require
from responses.models import Communication
from responses.services.communications import communication_issue


@transaction.atomic
def term_extension_grant(*, term: Term, extra_days: int, reasons: str, actor) -> TermAdjustment:
    """
    Extend `term` by `extra_days` business days with its letter: the law must
    allow it (compliance.services.extension_check), the letter states the
    reasons and the new due date and is issued now, before expiry; it counts
    as communicated when its dispatch is recorded.
    """
    require(compliance_policy.can_adjust_terms(actor, term))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Indique los motivos de la prórroga.")})
    now = timezone.now()
    term = Term.objects.select_for_update().get(pk=term.pk)
    new_due = compliance_services.extension_check(term=term, extra_days=extra_days, now=now)
    case = Case.objects.select_related("customer").get(pk=term.case_id)
    letter = communication_issue(case=case, purpose=Communication.Purpose.PRORROGA, actor=actor,
                                 at=now, rows=[
        (_("Asunto"), _("Prórroga del término para resolver su solicitud")),
        (_("Motivos"), reasons.strip()),
        (_("Término inicial"), _("vencía el %(d)s") % {"d": term.due_date.strftime("%d/%m/%Y")}),
        (_("Nueva fecha"), _("La respuesta se dará a más tardar el %(d)s (%(n)s días hábiles "
                             "más, Ley 1755 de 2015 art. 14 parágrafo).")
         % {"d": new_due.strftime("%d/%m/%Y"), "n": extra_days}),
    ])
    adjustment = compliance_services.term_extend(
        term=term, extra_days=extra_days, actor=actor, reasons=reasons,
        letter_radicado=letter.outgoing_radicado, letter_issued_at=letter.issued_at)
    letter.term_adjustment = adjustment
    letter.save(update_fields=["term_adjustment"])
    return adjustment


@transaction.atomic
def term_suspension_for_pruebas(*, term: Term, reasons: str, actor,
                                evidence: str = "") -> TermAdjustment:
    """
    Suspend `term` for práctica de pruebas from today, with the letter that
    tells the user which evidence is gathered and why the term stops (Ley 142
    art. 158). The letter is issued now, before expiry; its dispatch is
    recorded when the mail server accepts it or staff registers the postal one.
    """
    require(compliance_policy.can_adjust_terms(actor, term))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Indique qué prueba se practica y por qué.")})
    now = timezone.now()
    term = Term.objects.select_for_update().get(pk=term.pk)
    case = Case.objects.select_related("customer").get(pk=term.case_id)
    letter = communication_issue(case=case, purpose=Communication.Purpose.PRUEBAS, actor=actor,
                                 at=now, rows=[
        (_("Asunto"), _("Suspensión del término por práctica de pruebas")),
        (_("Prueba"), evidence or reasons.strip()),
        (_("Motivos"), reasons.strip()),
        (_("Efecto"), _("Mientras se practica la prueba el término para responder queda "
                        "suspendido (Ley 142 de 1994 art. 158). Le informaremos la fecha de la "
                        "visita o de la prueba.")),
    ])
    adjustment = compliance_services.term_suspend(
        term=term, cause=TermAdjustment.Cause.PRUEBAS, starts_on=timezone.localdate(now),
        actor=actor, note=reasons, document_reference=evidence,
        letter_radicado=letter.outgoing_radicado, letter_issued_at=letter.issued_at)
    letter.term_adjustment = adjustment
    letter.save(update_fields=["term_adjustment"])
    return adjustment
