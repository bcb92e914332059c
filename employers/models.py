from __future__ import annotations

from django.conf import settings
from django.db import models


class Employer(models.Model):
    """A business that employs or may employ participants."""

    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=100, blank=True)
    address = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmployerContact(models.Model):
    """A person at an employer who signs in to the portal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="employer_contact",
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts"
    )
    job_title = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.employer})"
