"""The term rules of the holder's requests about personal data (Ley 1581 arts. 14-15)."""

from django.db import migrations

# Copied, not imported: a data migration keeps the values of its day.
HABEAS_DATA_RULES = [
    # kind, name, business days, legal basis, most extra business days of the prórroga
    ("datos_consulta", "Consulta de datos personales (acceso)", 10,
     "Ley 1581 de 2012 art. 14", 5),
    ("datos_rectificacion", "Reclamo de datos personales: corrección", 15,
     "Ley 1581 de 2012 art. 15", 8),
    ("datos_supresion", "Reclamo de datos personales: supresión", 15,
     "Ley 1581 de 2012 art. 15", 8),
]


def seed(apps, schema_editor):
    TermRule = apps.get_model("compliance", "TermRule")
    for kind, name, days, basis, extension in HABEAS_DATA_RULES:
        TermRule.objects.update_or_create(kind=kind, defaults={
            "name": name, "business_days": days, "default_business_days": None,
            "legal_basis": basis, "sap_applies": False,
            "allows_extension": True, "max_extension_business_days": extension})


def unseed(apps, schema_editor):
    TermRule = apps.get_model("compliance", "TermRule")
    TermRule.objects.filter(kind__in=[r[0] for r in HABEAS_DATA_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("compliance", "0005_termrule_max_extension_days")]
    operations = [migrations.RunPython(seed, unseed)]
