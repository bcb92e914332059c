"""Caseload imports from spreadsheets: previewed first, then applied all at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed (dry run)"
    # Confirmed: the worker checks every row again, then adds them all or none.
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    DISCARDED = "discarded", "Discarded"


class CaseloadImportQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> CaseloadImportQuerySet:
        """Return imports `user` made, or, for a manager, made at their partner."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in (Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER):
            return self.filter(created_by=user)
        if user.role == Role.PARTNER_MANAGER:
            return self.filter(delivery_partner_id=user.delivery_partner_id)
        return self.none()


class CaseloadImport(models.Model):
    """One uploaded spreadsheet: its parsed rows, their errors, and what came of it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivery_partner = models.ForeignKey(
        "accounts.DeliveryPartner", on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    rows = models.JSONField(default=list, help_text="Cleaned rows, ready to import.")
    errors = models.JSONField(default=list, help_text="[{row, field, message}, ...]")
    imported_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(null=True, blank=True)
    # The background import: who confirmed it and when, the worker's claim, and
    # how far it got. The rows are the schedule: a lost task is found again.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker claimed the import."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    progress = models.PositiveIntegerField(
        default=0, help_text="Participants added so far by the running import."
    )
    outcome = models.CharField(
        max_length=200, blank=True, help_text="Why the last import attempt stopped."
    )

    objects = CaseloadImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("caseload:import-detail", args=[self.pk])

    def percent_done(self) -> int:
        """Return how far a running import has got, in whole percent."""
        return min(100, 100 * self.progress // max(len(self.rows), 1))
