"""Seed the TRD of Atención al Cliente with the series its expedientes fall under."""

from django.db import migrations

SELECTION = ("Cumplido el tiempo en el archivo central se selecciona una muestra representativa "
             "(10 %) para conservación permanente; el resto se elimina con acta aprobada por el "
             "comité institucional de gestión y desempeño.")
SERIES = [
    # code, series, subseries, gestión, central, disposition, case kinds, procedure
    ("200.45.01", "Peticiones, quejas y recursos", "Peticiones, quejas y reclamos", 2, 8, "S",
     ["peticion", "queja", "reclamo", "peticion_documentos", "consulta"], SELECTION),
    ("200.45.02", "Peticiones, quejas y recursos", "Recursos de reposición y apelación", 2, 8,
     "S", ["recurso_reposicion", "recurso_reposicion_apelacion"], SELECTION),
    ("200.45.03", "Peticiones, quejas y recursos", "Requerimientos de la Superintendencia de "
     "Servicios Públicos", 2, 8, "CT", ["solicitud_sspd"],
     "Se transfiere al archivo histórico: evidencia de la vigilancia de la SSPD."),
    ("200.10.01", "Acciones constitucionales", "Acciones de tutela", 2, 8, "CT", ["tutela"],
     "Se transfiere al archivo histórico por su valor legal."),
    ("200.02.01", "Acuerdos de pago", "", 2, 8, "E", [],
     "Se elimina con acta cuando la obligación está saldada y vencido el término en el archivo "
     "central (artículo 60 del Código de Comercio)."),
    ("200.01.01", "Actas", "Actas de revisión", 2, 8, "M", [],
     "Se digitaliza para consulta; el original se elimina con acta al terminar la retención."),
]


def seed(apps, schema_editor):
    RetentionSeries = apps.get_model("archive", "RetentionSeries")
    for code, series, subseries, gestion, central, disposition, kinds, procedure in SERIES:
        RetentionSeries.objects.update_or_create(code=code, defaults={
            "series": series, "subseries": subseries, "gestion_years": gestion,
            "central_years": central, "disposition": disposition, "case_kinds": kinds,
            "procedure": procedure, "active": True})


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
