import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

# Existing notifications, sorted into kinds by the keys and titles their
# services gave them; whatever is left was about the caseload.
KINDS = [
    (
        "reminder",
        Q(key__startswith="digest:") | Q(key__regex=r"^checkin:\d+:reminder$"),
    ),
    (
        "escalation",
        Q(key__regex=r"^checkin:\d+:escalation:")
        | Q(key__startswith="employer-message-escalated:")
        | Q(key__startswith="safeguarding:"),
    ),
    ("supervision", Q(key__startswith="supervision:")),
    (
        "cover",
        Q(title__startswith="You are covering for")
        | Q(title__startswith="You will cover for")
        | Q(title__endswith="your cover has ended")
        | Q(title__endswith="leave is cancelled"),
    ),
    (
        "employer",
        Q(title__startswith="You are now the go-to person for")
        | Q(title__endswith="was invited to the portal")
        | Q(title__contains="'s email at ")
        | Q(title__startswith="Support for ", title__endswith=" has ended"),
    ),
    (
        "employer_message",
        Q(url__regex=r"^/employers/inbox/")
        | Q(title__startswith="URGENT: ")
        | Q(title__startswith="A concern about an employee from ")
        | Q(title__startswith="A question from ")
        | Q(title__startswith="A meeting request from ")
        | Q(title__startswith="Good news from ")
        | Q(title__startswith="Other from "),
    ),
]


def sort_into_kinds(apps, schema_editor):
    Notification = apps.get_model("accounts", "Notification")
    for kind, rows in KINDS:
        Notification.objects.filter(rows, kind="caseload").update(kind=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_dated_leave"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="notification",
            options={"ordering": ["-created_at", "-pk"]},
        ),
        migrations.AddField(
            model_name="notification",
            name="kind",
            preserve_default=False,
            field=models.CharField(
                choices=[
                    ("reminder", "Check-in reminders and your morning list"),
                    (
                        "escalation",
                        "Escalations: overdue check-ins, unanswered employer messages, safeguarding concerns",
                    ),
                    ("employer_message", "Messages from employers"),
                    ("employer", "Changes at employers you look after"),
                    (
                        "caseload",
                        "Your caseload: new participants, job starts, in-work support officers",
                    ),
                    ("supervision", "Supervision notes from your manager"),
                    ("cover", "Covering for colleagues on leave"),
                ],
                default="caseload",
                max_length=20,
            ),
        ),
        migrations.RunPython(sort_into_kinds, migrations.RunPython.noop),
        migrations.CreateModel(
            name="NotificationPreference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("reminder", "Check-in reminders and your morning list"),
                            (
                                "escalation",
                                "Escalations: overdue check-ins, unanswered employer messages, safeguarding concerns",
                            ),
                            ("employer_message", "Messages from employers"),
                            ("employer", "Changes at employers you look after"),
                            (
                                "caseload",
                                "Your caseload: new participants, job starts, in-work support officers",
                            ),
                            ("supervision", "Supervision notes from your manager"),
                            ("cover", "Covering for colleagues on leave"),
                        ],
                        max_length=20,
                    ),
                ),
                ("by_email", models.BooleanField()),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_preferences",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "kind"), name="one_preference_per_kind"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PageVisit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("page", models.CharField(max_length=40)),
                ("seen_at", models.DateTimeField()),
                ("previous_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "page"), name="one_visit_per_page"
                    )
                ],
            },
        ),
    ]
