"""Each couple's latest outcome kept for the dashboard (clinic/outcomes/latest.py), and worked out now for every
couple already in the practice, 500 couples at a time (about a minute for 10,000 couples with five check-ins each).

The figures are worked out by the app's own trend code, not a copy of it frozen here: they must be the very figures
the couple page shows. Should a later migration change the tables that code reads, this step would have to move
after it; until then a couple with no figures also gets them the first time a dashboard page lists it.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps: object, schema_editor: object) -> None:
    from clinic.outcomes.latest import store_every_couple

    store_every_couple()


class Migration(migrations.Migration):

    dependencies = [
        ('clinic', '0013_drafts_of_typing'),
        ('intake', '0006_check_ins_reassessments_and_follow_ups'),
    ]

    operations = [
        migrations.CreateModel(
            name='LatestOutcome',
            fields=[
                ('couple', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='latest_outcome', serialize=False, to='intake.couple')),
                ('shown', models.BooleanField(default=False)),
                ('latest_a', models.PositiveSmallIntegerField(null=True)),
                ('latest_b', models.PositiveSmallIntegerField(null=True)),
                ('direction_a', models.CharField(blank=True, max_length=6)),
                ('direction_b', models.CharField(blank=True, max_length=6)),
                ('off_track_a', models.BooleanField(default=False)),
                ('off_track_b', models.BooleanField(default=False)),
                ('sd', models.FloatField()),
                ('reliability', models.FloatField()),
                ('updated_at', models.DateTimeField()),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
