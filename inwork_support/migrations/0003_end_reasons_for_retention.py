from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inwork_support", "0002_disclosure_consent_changes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="employment",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("resigned", "Resigned"),
                    ("dismissed", "Dismissed"),
                    ("contract_ended", "Contract ended"),
                    ("redundancy", "Redundancy"),
                    ("health", "Ill health"),
                    ("new_job", "Moved to a new job"),
                    ("did_not_start", "Did not start"),
                    ("lost_contact", "Lost contact (last known in the job that day)"),
                    ("other", "Other"),
                ],
                max_length=20,
            ),
        ),
    ]
