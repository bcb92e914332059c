from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from accounts.models import Role, User


class PathwayStage(models.TextChoices):
    ENGAGED = "engaged", "Engaged"
    PRE_EMPLOYMENT = "pre_employment", "Pre-employment"
    JOB_SEARCH = "job_search", "Job search"
    IN_WORK = "in_work", "In work"
    PROGRESSING = "progressing", "Progressing"
    EXITED = "exited", "Exited"


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ParticipantQuerySet:
        """Return the participants whose case records `user` may open."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.KEYWORKER:
            return self.filter(keyworker=user)
        if user.role == Role.IN_WORK_SUPPORT_OFFICER:
            return self.filter(Q(in_work_support_officer=user) | Q(keyworker=user))
        if user.role == Role.PARTNER_MANAGER:
            return self.filter(delivery_partner_id=user.delivery_partner_id)
        # Programme managers see aggregates only; employers see the portal only.
        return self.none()


class Participant(models.Model):
    """A person supported by the programme, with a named keyworker."""

    delivery_partner = models.ForeignKey(
        "accounts.DeliveryPartner", on_delete=models.PROTECT, related_name="+"
    )
    keyworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload"
    )
    in_work_support_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="in_work_caseload",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    postcode = models.CharField(max_length=10, blank=True)
    pathway_stage = models.CharField(
        max_length=20, choices=PathwayStage.choices, default=PathwayStage.ENGAGED
    )
    programme_start = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["keyworker", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("caseload:participant-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"
