"""Seed the pre-visit QHSE safety checklist (the coordinator edits it as new versions)."""

from django.db import migrations

CHECKLISTS = [
    ("chequeo-preoperacional", "Chequeo preoperacional de seguridad (brigada)", "sst", "visita", [
        ("epp", "Equipo de protección personal completo (casco, gafas, guantes dieléctricos, "
                "botas, ropa ignífuga)", True),
        ("risk_assessment", "Análisis de riesgos del sitio hecho (redes, animales, terceros, "
                            "clima)", True),
        ("tools", "Herramientas aisladas y en buen estado; detector de tensión funcionando", True),
        ("signalling", "Área de trabajo señalizada y delimitada", True),
        ("fit_for_work", "Persona en condiciones de trabajar (descanso, sin alcohol ni "
                         "medicamentos que afecten la atención)", True),
        ("waste", "Residuos (sellos, cables, empaques) recogidos para disposición", False),
    ]),
    ("atencion-pac", "Atención en el punto de atención (PAC)", "calidad", "persona", [
        ("radicado", "Entrega el radicado y la constancia en todos los canales", True),
        ("datos", "Pide la autorización de tratamiento de datos antes de registrar", True),
        ("recursos", "Informa los recursos procedentes y su término", False),
        ("orden", "Puesto de trabajo ordenado y limpio", False),
    ]),
]


def seed(apps, schema_editor):
    Template = apps.get_model("compliance", "ChecklistTemplate")
    Item = apps.get_model("compliance", "ChecklistItem")
    for code, name, area, subject, items in CHECKLISTS:
        if Template.objects.filter(code=code).exists():
            continue
        template = Template.objects.create(code=code, version=1, name=name, area=area,
                                           subject=subject, active=True)
        for position, (key, text, critical) in enumerate(items, start=1):
            Item.objects.create(template=template, key=key, position=position, text=text,
                                critical=critical)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_seed_term_rules")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
