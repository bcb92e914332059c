from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


class DeliveryPartner(models.Model):
    """An organisation delivering the programme; staff belong to one."""

    name = models.CharField(max_length=200, unique=True)
    caseload_cap = models.PositiveIntegerField(
        default=80, help_text="Active participants one worker should carry at most."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    KEYWORKER = "keyworker", "Keyworker"
    IN_WORK_SUPPORT_OFFICER = "iwso", "In-work support officer"
    PARTNER_MANAGER = "partner_manager", "Partner manager"
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    EMPLOYER_CONTACT = "employer_contact", "Employer contact"
    ADMIN = "admin", "Administrator"


# Roles that carry a caseload and belong to a delivery partner.
FRONTLINE_ROLES = (Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER)
PARTNER_ROLES = (*FRONTLINE_ROLES, Role.PARTNER_MANAGER)


class User(AbstractUser):
    """A person who signs in: staff of a partner, the programme, or an employer."""

    role = models.CharField(max_length=32, choices=Role.choices)
    delivery_partner = models.ForeignKey(
        DeliveryPartner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="partner_staff_have_a_partner",
                condition=~models.Q(role__in=[r.value for r in PARTNER_ROLES])
                | models.Q(delivery_partner__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_frontline(self) -> bool:
        return self.role in FRONTLINE_ROLES

    @property
    def is_partner_manager(self) -> bool:
        return self.role == Role.PARTNER_MANAGER

    @property
    def is_programme_manager(self) -> bool:
        return self.role == Role.PROGRAMME_MANAGER

    @property
    def is_employer_contact(self) -> bool:
        return self.role == Role.EMPLOYER_CONTACT

    def home_url(self) -> str:
        """Return the page this user lands on after signing in."""
        return reverse(ROLE_HOMES.get(self.role, "admin:index"))


ROLE_HOMES = {
    Role.KEYWORKER: "caseload:my-caseload",
    Role.IN_WORK_SUPPORT_OFFICER: "caseload:my-caseload",
    Role.PARTNER_MANAGER: "reporting:partner-dashboard",
    Role.PROGRAMME_MANAGER: "reporting:programme-dashboard",
    Role.EMPLOYER_CONTACT: "employers:portal-home",
    Role.ADMIN: "admin:index",
}
