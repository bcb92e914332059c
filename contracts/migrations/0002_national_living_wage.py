"""The adult National Living Wage since April 2021, for earnings thresholds.

Later rates are added in the admin (Contracts and claims > National Living Wage
rates) when the government announces them; nothing in code changes.
"""

import datetime
from decimal import Decimal

from django.db import migrations

RATES = [
    (datetime.date(2021, 4, 1), "8.91", "Age 23 and over"),
    (datetime.date(2022, 4, 1), "9.50", "Age 23 and over"),
    (datetime.date(2023, 4, 1), "10.42", "Age 23 and over"),
    (datetime.date(2024, 4, 1), "11.44", "Age 21 and over"),
    (datetime.date(2025, 4, 1), "12.21", "Age 21 and over"),
    (datetime.date(2026, 4, 1), "12.71", "Age 21 and over"),
]


def add_rates(apps, schema_editor):
    Rate = apps.get_model("contracts", "NationalLivingWageRate")
    for effective_from, rate, note in RATES:
        Rate.objects.get_or_create(
            effective_from=effective_from,
            defaults={"hourly_rate": Decimal(rate), "note": note},
        )


def remove_rates(apps, schema_editor):
    Rate = apps.get_model("contracts", "NationalLivingWageRate")
    Rate.objects.filter(effective_from__in=[r[0] for r in RATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_contracts")]

    operations = [migrations.RunPython(add_rates, remove_rates)]
