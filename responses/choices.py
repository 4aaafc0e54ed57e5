"""The answer's SUI tipo de respuesta: a choice list shared by responses.models and models_acts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerKind(models.TextChoices):
    """SUI tipo de respuesta (Resolución SSPD 20151300054575 de 2015)."""

    ACCEDE = "accede", _("Accede")
    ACCEDE_PARCIALMENTE = "accede_parcialmente", _("Accede parcialmente")
    NO_ACCEDE = "no_accede", _("No accede")
    CONFIRMA = "confirma", _("Confirma")
    MODIFICA = "modifica", _("Modifica")
    REVOCA = "revoca", _("Revoca")
    RECHAZA = "rechaza", _("Rechaza")
    TRASLADA = "traslada", _("Traslada por competencia")
    ARCHIVA = "archiva", _("Archiva")


SUI_TIPO_RESPUESTA = {
    AnswerKind.ACCEDE: 1, AnswerKind.ACCEDE_PARCIALMENTE: 2, AnswerKind.NO_ACCEDE: 3,
    AnswerKind.CONFIRMA: 4, AnswerKind.MODIFICA: 5, AnswerKind.REVOCA: 6,
    AnswerKind.RECHAZA: 7, AnswerKind.TRASLADA: 8, AnswerKind.ARCHIVA: 11,
}
