"""Seed a few letter templates (the coordinator edits them in the admin)."""

from django.db import migrations

TEMPLATES = [
    # name, purpose, case_kind, causal code, answer_kind, admits_recursos, body, decision
    (
        "Reclamo por alto consumo: no accede (consumo verificado)", "respuesta", "reclamo", "127",
        "no_accede", True,
        "<p>Respetado(a) {{nombre}}:</p>"
        "<p>En atención a su reclamo radicado con el número {{radicado}} del {{fecha_radicacion}}, "
        "relacionado con la cuenta {{cuenta}} y la factura {{factura}}, en el que manifiesta:</p>"
        "<blockquote>{{descripcion}}</blockquote>"
        "<p>La empresa practicó visita técnica al predio ubicado en {{direccion}}, con los "
        "siguientes hallazgos: {{hallazgos_visita}}</p>"
        "<p>Revisado el histórico de consumos de los últimos doce periodos y verificado el "
        "funcionamiento del medidor, se encontró que el consumo facturado corresponde al "
        "registrado por el equipo de medida y no presenta error atribuible a la empresa.</p>",
        "No se accede a la pretensión de revisar el valor facturado en la factura {{factura}}: "
        "el consumo facturado corresponde al consumo real registrado.",
    ),
    (
        "Reclamo de facturación: accede parcialmente (ajuste)", "respuesta", "reclamo", "",
        "accede_parcialmente", True,
        "<p>Respetado(a) {{nombre}}:</p>"
        "<p>En atención a su reclamo radicado con el número {{radicado}} del {{fecha_radicacion}} "
        "sobre la cuenta {{cuenta}} ({{causal}}), en el que manifiesta:</p>"
        "<blockquote>{{descripcion}}</blockquote>"
        "<p>Analizada la facturación, se encontró procedente un ajuste parcial: del valor "
        "reclamado de {{valor_reclamado}} se reconoce {{valor_reconocido}}, que se verá "
        "reflejado en su próxima factura.</p>",
        "Se accede parcialmente: se reconoce un ajuste de {{valor_reconocido}} en la cuenta "
        "{{cuenta}}.",
    ),
    (
        "Petición: accede", "respuesta", "", "", "accede", True,
        "<p>Respetado(a) {{nombre}}:</p>"
        "<p>En atención a su solicitud radicada con el número {{radicado}} del "
        "{{fecha_radicacion}}, en la que manifiesta:</p><blockquote>{{descripcion}}</blockquote>"
        "<p>Le informamos que su solicitud es procedente.</p>",
        "Se accede a lo solicitado.",
    ),
    (
        "Recurso de reposición: confirma", "respuesta", "", "", "confirma", False,
        "<p>Respetado(a) {{nombre}}:</p>"
        "<p>Resolvemos el recurso radicado con el número {{radicado}} del {{fecha_radicacion}} "
        "contra la decisión {{radicado_recurrido}}. Sus argumentos fueron:</p>"
        "<blockquote>{{descripcion}}</blockquote>"
        "<p>Analizados los argumentos y las pruebas, la empresa mantiene la decisión recurrida.</p>",
        "Se confirma en todas sus partes la decisión recurrida. Si interpuso el recurso de "
        "apelación en subsidio, el expediente se remite a la Superintendencia de Servicios "
        "Públicos Domiciliarios para que lo resuelva.",
    ),
    (
        "Recurso de reposición: revoca", "respuesta", "", "", "revoca", False,
        "<p>Respetado(a) {{nombre}}:</p>"
        "<p>Resolvemos el recurso radicado con el número {{radicado}} contra la decisión "
        "{{radicado_recurrido}}.</p><blockquote>{{descripcion}}</blockquote>"
        "<p>Le asiste razón: la empresa revoca la decisión.</p>",
        "Se revoca la decisión recurrida y se accede a la pretensión del usuario.",
    ),
    (
        "Traslado por competencia", "respuesta", "", "", "traslada", False,
        "<p>Respetado(a) {{nombre}}:</p>"
        "<p>Su solicitud {{radicado}} no es de competencia de {{empresa}}; se trasladó a la "
        "entidad competente dentro de los cinco (5) días hábiles siguientes (Ley 1755 de 2015, "
        "art. 21).</p>",
        "Se traslada por competencia.",
    ),
    (
        "Reconocimiento del silencio administrativo positivo", "reconocimiento_sap", "", "",
        "accede", False,
        "<p>Respetado(a) {{nombre}}:</p>"
        "<p>La solicitud {{radicado}} del {{fecha_radicacion}} no fue resuelta dentro del "
        "término de quince (15) días hábiles del artículo 158 de la Ley 142 de 1994. En "
        "consecuencia, {{empresa}} reconoce los efectos del silencio administrativo positivo y "
        "accede a lo pedido:</p><blockquote>{{descripcion}}</blockquote>",
        "Se reconocen los efectos del silencio administrativo positivo y se accede a lo pedido.",
    ),
]


def seed(apps, schema_editor):
    Template = apps.get_model("responses", "ResponseTemplate")
    Causal = apps.get_model("intake", "Causal")
    for name, purpose, kind, causal, answer, admits, body, decision in TEMPLATES:
        Template.objects.get_or_create(name=name, defaults={
            "purpose": purpose, "case_kind": kind,
            "causal": Causal.objects.filter(code=causal).first() if causal else None,
            "answer_kind": answer, "admits_recursos": admits, "body": body,
            "decision": decision,
        })


def unseed(apps, schema_editor):
    Template = apps.get_model("responses", "ResponseTemplate")
    Template.objects.filter(name__in=[t[0] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0001_initial"),
        ("intake", "0002_seed_catalogues_and_roles"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
