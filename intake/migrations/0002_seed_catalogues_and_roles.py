from django.db import migrations


def seed(apps, schema_editor):
    from intake.catalogue import CAUSALES, MUNICIPALITIES
    from pqr_portal.roles import GROUP_NAMES

    Causal = apps.get_model("intake", "Causal")
    Municipality = apps.get_model("intake", "Municipality")
    Group = apps.get_model("auth", "Group")
    for code, group, name in CAUSALES:
        Causal.objects.update_or_create(code=code, defaults={"group": group, "name": name})
    for code, name, dep_code, dep in MUNICIPALITIES:
        Municipality.objects.update_or_create(dane_code=code, defaults={
            "name": name, "department_code": dep_code, "department_name": dep})
    # The groups are the roles; their permissions are kept in sync after every
    # migrate by pqr_portal.roles_sync (permissions only exist after post_migrate).
    for name in GROUP_NAMES.values():
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
