# The yearly check that a good practice still runs (helper "freshness", issue 11 part 4).
# Only this helper's operations, chained after the last migration present when it was written
# (the lead renumbers and chains the issue 11 migrations).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0008_contact_secretariat_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="last_checked",
            field=models.DateField(
                blank=True,
                help_text=(
                    "When its city last confirmed that the practice still runs, or that it has "
                    "ended. Empty: its publication date counts."
                ),
                null=True,
                verbose_name="last checked",
            ),
        ),
        migrations.AddField(
            model_name="practice",
            name="ended_on",
            field=models.DateField(
                blank=True,
                help_text=(
                    "When its city confirmed that the practice has ended. An ended practice "
                    "stays public, marked as such; empty this date if it was a mistake."
                ),
                null=True,
                verbose_name="ended on",
            ),
        ),
        migrations.AddField(
            model_name="practice",
            name="check_asked_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When its coordinators were last e-mailed the yearly check.",
                null=True,
                verbose_name="check last asked on",
            ),
        ),
    ]
