"""Case states, kinds and channels (importable without the app registry)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    RADICADO = "radicado", _("Radicado")
    ASIGNADO = "asignado", _("Asignado")
    EN_TRAMITE = "en_tramite", _("En trámite")
    EN_PRUEBAS = "en_pruebas", _("En práctica de pruebas")
    RESPUESTA_EN_REVISION = "respuesta_en_revision", _("Respuesta en revisión")
    DEVUELTA = "devuelta", _("Respuesta devuelta")
    RESPONDIDO = "respondido", _("Respondido")
    NOTIFICADO = "notificado", _("Notificado")
    RECURRIDO = "recurrido", _("Recurrido")
    CERRADO = "cerrado", _("Cerrado")
    TRASLADADO = "trasladado", _("Trasladado por competencia")
    DESISTIDO = "desistido", _("Desistido")
    ANULADO = "anulado", _("Anulado")


FINAL_STATUSES = frozenset({CaseStatus.CERRADO, CaseStatus.TRASLADADO, CaseStatus.DESISTIDO,
                            CaseStatus.ANULADO})
OPEN_STATUSES = frozenset(set(CaseStatus) - FINAL_STATUSES)


class CaseKind(models.TextChoices):
    PETICION = "peticion", _("Petición")
    QUEJA = "queja", _("Queja")
    RECLAMO = "reclamo", _("Reclamo")
    RECURSO_REPOSICION = "recurso_reposicion", _("Recurso de reposición")
    RECURSO_REPOSICION_APELACION = (
        "recurso_reposicion_apelacion", _("Recurso de reposición y en subsidio de apelación"))
    PETICION_DOCUMENTOS = "peticion_documentos", _("Petición de documentos o información")
    CONSULTA = "consulta", _("Consulta")
    TUTELA = "tutela", _("Acción de tutela")
    SOLICITUD_SSPD = "solicitud_sspd", _("Solicitud de la SSPD")
    # Habeas data (Ley 1581 de 2012): the holder's consulta (access) and reclamos
    # (correction, suppression) about their personal data; not Ley 142 PQRs (no SAP,
    # no recursos before the SSPD, not in the SUI file).
    DATOS_CONSULTA = "datos_consulta", _("Consulta de datos personales (acceso)")
    DATOS_RECTIFICACION = "datos_rectificacion", _("Reclamo de datos personales: corrección")
    DATOS_SUPRESION = "datos_supresion", _("Reclamo de datos personales: supresión")


RECURSO_KINDS = frozenset({CaseKind.RECURSO_REPOSICION, CaseKind.RECURSO_REPOSICION_APELACION})
HABEAS_DATA_KINDS = frozenset({CaseKind.DATOS_CONSULTA, CaseKind.DATOS_RECTIFICACION,
                               CaseKind.DATOS_SUPRESION})
# Kinds whose term is typed by hand from the judge's or SSPD's order.
HAND_DEADLINE_KINDS = frozenset({CaseKind.TUTELA, CaseKind.SOLICITUD_SSPD})

# SUI "tipo de trámite" (Resolución SSPD 20151300054575 de 2015).
SUI_TIPO_TRAMITE = {
    CaseKind.RECLAMO: 1, CaseKind.QUEJA: 2, CaseKind.RECURSO_REPOSICION: 4,
    CaseKind.RECURSO_REPOSICION_APELACION: 5, CaseKind.PETICION_DOCUMENTOS: 6,
    CaseKind.PETICION: 1, CaseKind.CONSULTA: 6,
}


class Channel(models.TextChoices):
    WEB = "web", _("Formulario web")
    PRESENCIAL = "presencial", _("Presencial (verbal)")
    TELEFONICO = "telefonico", _("Telefónico")
    ESCRITO = "escrito", _("Escrito (carta)")
    CORREO = "correo", _("Correo electrónico")
    SSPD = "sspd", _("Superintendencia (SSPD)")
    JUZGADO = "juzgado", _("Juzgado (tutela)")


VERBAL_CHANNELS = frozenset({Channel.PRESENCIAL, Channel.TELEFONICO})


class IdType(models.TextChoices):
    CC = "CC", _("Cédula de ciudadanía")
    CE = "CE", _("Cédula de extranjería")
    NIT = "NIT", _("NIT")
    PA = "PA", _("Pasaporte")


class NotifyBy(models.TextChoices):
    EMAIL = "email", _("Correo electrónico (acepto la notificación electrónica)")
    POSTAL = "postal", _("Dirección física")
