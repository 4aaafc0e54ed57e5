"""
The daily roll-up (CaseDayCount, RolledUpDay), and the detailed rows of the monthly
one now kept per person as well. Months rolled up before lack those rows: forget them,
so they are counted live (same numbers, slower) until the nightly refresh rebuilds
them (or run `manage.py reports_rollup` at once).
"""

import django.utils.timezone
from django.db import migrations, models


def forget_rolled_months(apps, schema_editor):
    apps.get_model("reports", "RolledUpMonth").objects.all().delete()
    apps.get_model("reports", "CaseMonthCount").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_people_in_rollup_and_snapshot'),
    ]

    operations = [
        migrations.RunPython(forget_rolled_months, migrations.RunPython.noop),
        migrations.CreateModel(
            name='CaseDayCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('municipality_id', models.IntegerField(default=0)),
                ('kind', models.CharField(max_length=40)),
                ('assignee_id', models.IntegerField(default=-1)),
                ('dimension', models.CharField(max_length=20)),
                ('value', models.CharField(max_length=40)),
                ('n', models.PositiveIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name='RolledUpDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True)),
                ('computed_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddIndex(
            model_name='casemonthcount',
            index=models.Index(fields=['month', 'municipality_id', 'kind', 'assignee_id'], name='case_month_count_level_idx'),
        ),
        migrations.AddIndex(
            model_name='casedaycount',
            index=models.Index(fields=['day', 'kind', 'assignee_id'], name='case_day_count_kind_idx'),
        ),
        migrations.AddConstraint(
            model_name='casedaycount',
            constraint=models.UniqueConstraint(fields=('day', 'municipality_id', 'kind', 'assignee_id', 'dimension', 'value'), name='case_day_count_unique'),
        ),
    ]
