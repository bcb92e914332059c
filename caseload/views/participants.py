"""A participant: registering, their page, editing, keyworker changes and exit."""

from collections.abc import Iterator
from dataclasses import dataclass

from auditlog.signals import accessed
from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import role_required
from accounts.models import PARTNER_ROLES, Role, User
from accounts.querystring import page_number

from .. import services
from ..access import access_participant
from ..forms import PARTICIPANT_FIELDS, ExitForm, ParticipantForm, ReassignForm
from ..models import (
    Barrier,
    GoalStatus,
    Participant,
    PathwayStage,
    StepStatus,
    TimelineEntry,
)

TIMELINE_PAGE_SIZE = 20


def possible_duplicates(user: User, form: ParticipantForm) -> list[Participant]:
    """Return who at the partner may already be this person, marking those visible.

    The check must span the partner (a duplicate is most likely on a colleague's
    caseload), so it cannot start from visible_to; the page shows only name,
    date of birth and keyworker, and links only the records the user may open.
    """
    data = form.cleaned_data
    duplicates = list(
        Participant.objects.possible_duplicates(
            delivery_partner_id=user.delivery_partner_id,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"],
        ).select_related("keyworker")[:5]
    )
    visible = set(
        Participant.objects.visible_to(user)
        .filter(pk__in=[d.pk for d in duplicates])
        .values_list("pk", flat=True)
    )
    for duplicate in duplicates:
        duplicate.is_visible = duplicate.pk in visible
    return duplicates


@role_required(Role.KEYWORKER, Role.PARTNER_MANAGER)
def participant_create(request: HttpRequest) -> HttpResponse:
    """Register a participant, showing possible duplicates before saving."""
    form = ParticipantForm(request.POST or None, user=request.user)
    duplicates = []
    if form.is_valid():
        duplicates = possible_duplicates(request.user, form)
        if not duplicates or request.POST.get("confirm_different_person") == "yes":
            participant = services.register_participant(
                registered_by=request.user,
                keyworker=form.cleaned_data.get("keyworker") or request.user,
                **form.details(),
            )
            messages.success(request, f"{participant} is registered.")
            return redirect(participant)
    context = {"form": form, "duplicates": duplicates}
    return render(request, "caseload/participant_form.html", context)


@role_required(*PARTNER_ROLES)
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a participant's details; a save based on an old version is refused."""
    participant = access_participant(request.user, pk)
    initial = {**model_to_dict(participant, fields=PARTICIPANT_FIELDS)}
    initial["version"] = participant.version
    form = ParticipantForm(
        request.POST or None, initial=initial, user=request.user, editing=True
    )
    if form.is_valid():
        try:
            services.update_participant(
                participant=participant,
                edited_by=request.user,
                version=form.cleaned_data["version"] or 0,
                **form.details(),
            )
        except services.StaleVersionError:
            return stale_edit(request, participant, form)
        messages.success(request, "Details saved.")
        return redirect(participant)
    context = {"form": form, "participant": participant}
    return render(request, "caseload/participant_form.html", context)


def stale_edit(
    request: HttpRequest, participant: Participant, form: ParticipantForm
) -> HttpResponse:
    """Re-show the typed edit with what changed meanwhile; saving again overwrites."""
    saved = model_to_dict(participant, fields=PARTICIPANT_FIELDS)
    changed = [
        (form[name].label, display_value(participant, name))
        for name in PARTICIPANT_FIELDS
        if getattr(form.cleaned_data[name], "pk", form.cleaned_data[name])
        != saved[name]
    ]
    data = request.POST.copy()
    data["version"] = participant.version
    form = ParticipantForm(data, user=request.user, editing=True)
    form.is_valid()
    context = {"form": form, "participant": participant, "stale": changed}
    return render(request, "caseload/participant_form.html", context, status=409)


def display_value(participant: Participant, name: str) -> str:
    """Return a field of `participant` as the form's user would read it."""
    if hasattr(participant, f"get_{name}_display"):
        return getattr(participant, f"get_{name}_display")()
    value = getattr(participant, name)
    return "" if value is None else str(value)


@dataclass
class TimelinePage:
    """A page of the timeline, found without counting the whole of it."""

    entries: list[TimelineEntry]
    number: int
    has_next: bool

    def __iter__(self) -> Iterator[TimelineEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def timeline_page(participant: Participant, page: str | None) -> TimelinePage:
    """Return one page of the timeline, newest first, in one query.

    One row more than a page tells whether there is an older page, so a
    participant with years of history costs no COUNT over all of it.
    """
    number = page_number(page)
    offset = (number - 1) * TIMELINE_PAGE_SIZE
    rows = list(
        participant.timeline.select_related("contact", "actor")[
            offset : offset + TIMELINE_PAGE_SIZE + 1
        ]
    )
    return TimelinePage(
        rows[:TIMELINE_PAGE_SIZE], number, len(rows) > TIMELINE_PAGE_SIZE
    )


@role_required(*PARTNER_ROLES)
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a participant's whole story on one page."""
    participant = access_participant(
        request.user, pk, Participant.objects.with_page_summary()
    )
    # Every view of a participant's record is in their audit trail.
    accessed.send(sender=Participant, instance=participant)
    start = participant.programme_start
    barriers = Barrier.objects.visible_to(request.user).filter(participant=participant)
    # One query for both lists: what is open now, and what was open at start.
    barriers = list(barriers.current() | barriers.at(start))
    context = {
        "participant": participant,
        "barriers_now": [b for b in barriers if b.resolved_on is None],
        "barriers_at_start": [b for b in barriers if b.was_open_on(start)],
        "goals": participant.goals.prefetch_related("steps"),
        "referrals": participant.referrals.all(),
        "professionals": participant.professionals.all(),
        "open_actions": participant.actions.open().select_related("owner"),
        "timeline": timeline_page(participant, request.GET.get("page")),
        "today": timezone.localdate(),
        "goal_statuses": GoalStatus.choices,
        "step_statuses": StepStatus.choices,
    }
    return render(request, "caseload/participant_detail.html", context)


@role_required(Role.PARTNER_MANAGER)
def reassign_keyworker(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a participant a new named keyworker, keeping the history."""
    participant = access_participant(request.user, pk)
    form = ReassignForm(
        request.POST or None,
        partner_id=request.user.delivery_partner_id,
        exclude=participant.keyworker,
    )
    if form.is_valid():
        services.reassign_keyworker(
            participant=participant,
            new_keyworker=form.cleaned_data["new_keyworker"],
            assigned_by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "Keyworker changed; open actions moved with them.")
        return redirect(participant)
    context = {"form": form, "participant": participant}
    return render(request, "caseload/reassign_form.html", context)


@role_required(*PARTNER_ROLES)
def participant_exit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a participant's exit, after planning the ending with them."""
    participant = access_participant(request.user, pk)
    if participant.pathway_stage == PathwayStage.EXITED:
        messages.info(request, f"{participant} has already exited.")
        return redirect(participant)
    form = ExitForm(request.POST or None, participant=participant)
    if form.is_valid():
        data = form.cleaned_data
        services.exit_participant(
            participant=participant,
            exited_by=request.user,
            exit_date=data["exit_date"],
            exit_reason=data["exit_reason"],
            exit_outcome=data["exit_outcome"],
        )
        messages.success(request, f"{participant}'s exit is recorded.")
        return redirect(participant)
    context = {"form": form, "participant": participant}
    return render(request, "caseload/exit_form.html", context)
