"""Each couple's latest outcome kept for the dashboard (clinic/outcomes/latest.py).

The figures of the couples already in the practice are worked out after the last migration, by the app's own trend
code (`clinic.outcomes.latest.fill_after_migrate`, on post_migrate), not here: they must be the very figures the couple
page shows, and that code reads the app's current models, which match the tables only at the end of the chain (this
migration once worked them out itself, and failed on any database still before intake 0007, whose partner column the
current models read). A couple with no figures also gets them the first time a dashboard page lists it.
"""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
