from django.db import migrations


def seed(apps, schema_editor):
    from compliance.catalogue import EXTENSION_KINDS, TERM_RULES

    TermRule = apps.get_model("compliance", "TermRule")
    for kind, name, days, default_days, basis, sap in TERM_RULES:
        TermRule.objects.update_or_create(kind=kind, defaults={
            "name": name, "business_days": days, "default_business_days": default_days,
            "legal_basis": basis, "sap_applies": sap,
            # Ley 1755 art. 14 parágrafo: only these kinds admit a prórroga.
            "allows_extension": kind in EXTENSION_KINDS})


class Migration(migrations.Migration):
    dependencies = [("compliance", "0002_case_links")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
