"""
The monthly roll-up now also keeps the inputs of the indicators. Months rolled up
before lack them: forget which months are rolled up, so they are counted live
(same numbers, slower) until the nightly refresh rebuilds them with every row.
"""

from django.db import migrations


def forget_rolled_months(apps, schema_editor):
    apps.get_model("reports", "RolledUpMonth").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forget_rolled_months, migrations.RunPython.noop)]
