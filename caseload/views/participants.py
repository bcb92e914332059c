"""A participant: registering, their page, editing, keyworker changes and exit."""

import datetime
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from auditlog.signals import accessed
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts import policy, throttle
from accounts.decorators import rule_required
from accounts.models import DeliveryPartner, User
from accounts.querystring import positive_int
from accounts.versions import refuse_stale
from config.prepared import ID, KEY, PreparedQuery

from .. import services
from ..access import ParticipantRead, access_participant
from ..forms import (
    PARTICIPANT_FIELDS,
    ExitForm,
    ParticipantForm,
    ReassignForm,
    ReengageForm,
)
from ..models import (
    Barrier,
    GoalStatus,
    Participant,
    PathwayStage,
    StepStatus,
    TimelineEntry,
    Topic,
)

# The participant page shows the latest entries; older ones are a link away,
# a longer page at a time.
TIMELINE_LATEST = 20
TIMELINE_OLDER = 50
TOO_MANY_CHECKS = (
    "You have tried {} registrations in the last hour, the most allowed, so that "
    "this page cannot be used to look people up. Nothing is saved and what you "
    "typed is kept: try again later, or ask your manager to register them."
)


@dataclass
class DuplicateCheck:
    """What the registration page may say about people who may be this one."""

    visible: list[Participant]  # records the user may open: linked
    elsewhere: bool  # a record the user may not open: only the fact is told
    partner: DeliveryPartner
    managers: list[User]

    def __bool__(self) -> bool:
        return bool(self.visible) or self.elsewhere

    def whom_to_ask(self) -> str:
        names = " or ".join(str(manager) for manager in self.managers)
        if len(self.managers) > 1:
            return f"one of your managers, {names},"
        if self.managers:
            return f"your manager, {names},"
        return f"a manager at {self.partner}"


def possible_duplicates(user: User, form: ParticipantForm) -> DuplicateCheck:
    """Return who at the partner may already be this person, as the user may know it.

    The check must span the partner (a duplicate is most likely on a colleague's
    caseload), so it cannot start from visible_to. A record the user may open is
    linked; of any other, only the fact is told, with whom to ask: its name, birth
    date, postcode and keyworker are not the user's to see.
    """
    data = form.cleaned_data
    matches = Participant.objects.possible_duplicates(
        delivery_partner_id=user.delivery_partner_id,
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data["date_of_birth"],
        postcode=data["postcode"],
    )
    visible = Participant.objects.visible_to(user).filter(pk__in=matches.values("pk"))
    elsewhere = matches.exclude(pk__in=visible.values("pk")).exists()
    managers = User.objects.managers_of(user.delivery_partner_id).order_by(
        "first_name", "last_name"
    )
    return DuplicateCheck(
        visible=list(visible.select_related("keyworker")[:5]),
        elsewhere=elsewhere,
        partner=user.delivery_partner,
        managers=list(managers) if elsewhere else [],
    )


def may_check_duplicates(user: User) -> bool:
    """Count one registration check; return whether it is within the hourly limit.

    Each check says whether someone with these details is at the partner: unlimited,
    it would let a user look people up by trying names and birth dates.
    """
    return throttle.allow(
        "registration-check",
        str(user.pk),
        limit=settings.REGISTRATION_CHECKS_PER_HOUR,
        window=60 * 60,
    )


@rule_required(policy.may_register_participant)
def participant_create(request: HttpRequest) -> HttpResponse:
    """Register a participant, showing possible duplicates before saving."""
    form = ParticipantForm(request.POST or None, user=request.user)
    duplicates = None
    if form.is_valid() and not may_check_duplicates(request.user):
        limit = settings.REGISTRATION_CHECKS_PER_HOUR
        form.add_error(None, ValidationError(TOO_MANY_CHECKS.format(limit), "many"))
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
    status = 429 if form.has_error(NON_FIELD_ERRORS, "many") else 200
    return render(request, "caseload/participant_form.html", context, status=status)


@rule_required(policy.is_partner_staff)
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
        except services.StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, "Details saved.")
            return redirect(participant)
    context = {"form": form, "participant": participant}
    status = 409 if getattr(form, "stale", False) else 200
    return render(request, "caseload/participant_form.html", context, status=status)


@dataclass
class TimelinePage:
    """Timeline entries, newest first, and where the next older page starts."""

    entries: list[TimelineEntry]
    older_than: int | None  # the last entry shown, when there are older ones

    def __iter__(self) -> Iterator[TimelineEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def rows(self) -> list[SafeString]:
        return timeline_rows(self.entries)


CRISIS_BADGE = '<span class="badge text-bg-danger">Crisis</span>'
OUT_OF_HOURS_BADGE = '<span class="badge text-bg-secondary">Out of hours</span>'


def timeline_rows(entries: list[TimelineEntry]) -> list[SafeString]:
    """Return each entry's line of the timeline as markup.

    The template resolved a dozen lookups, tags and filters on each of 20 rows
    (the date in London, the contact's flags and topics, the preview, the
    actor): about 3 ms of the participant page. Here each row is one string,
    every value escaped as the template escaped it and the date written as
    `|date:"j M Y, H:i"` wrote it.
    """
    topics = dict(Topic.choices)
    rows = []
    for entry in entries:
        title = escape(entry.title)
        if entry.url:
            title = f'<a href="{escape(entry.url)}">{title}</a>'
        at = timezone.localtime(entry.occurred_at)
        when = f"{at.day} {MONTHS_3[at.month].title()} {at.year}, {at:%H:%M}"
        row = (
            f'<li class="list-group-item timeline-{escape(entry.kind)}">\n'
            '<div class="d-flex justify-content-between flex-wrap gap-1">\n'
            f'<span class="fw-semibold">{title}</span>\n'
            '<time class="small text-body-secondary" '
            f'datetime="{escape(entry.occurred_at.isoformat())}">{when}</time>\n'
            "</div>\n"
        )
        contact = entry.contact
        if contact:
            crisis = CRISIS_BADGE if contact.is_crisis else ""
            out_of_hours = OUT_OF_HOURS_BADGE if contact.out_of_hours else ""
            labels = ", ".join(escape(topics.get(t, t)) for t in contact.topics)
            row += f'<div class="small">\n{crisis}\n{out_of_hours}\n{labels}\n</div>\n'
        preview = entry.preview()
        if preview:
            row += f'<div class="small text-body-secondary">{escape(preview)}</div>\n'
        if entry.actor_id:
            row += (
                f'<div class="small text-body-secondary">{escape(entry.actor)}</div>\n'
            )
        rows.append(mark_safe(row + "</li>"))  # noqa: S308 (every value escaped)
    return rows


def _timeline(size: int, participant_pk: int, before: int | None = None) -> QuerySet:
    entries = TimelineEntry.objects.filter(participant_id=participant_pk)
    if before is not None:
        entries = entries.older_than(before)
    return entries.select_related("contact", "actor")[: size + 1]


# Every participant page reads the latest entries: compiled once per process
# (config.prepared), as is a page of older ones, per page size.
LATEST_ENTRIES = PreparedQuery(_timeline, takes=(KEY, ID))
OLDER_ENTRIES = PreparedQuery(_timeline, takes=(KEY, ID, ID))


def timeline_page(
    participant: Participant, *, size: int, before: int | None = None
) -> TimelinePage:
    """Return `size` timeline entries, newest first or older than entry `before`.

    One query: one row more than a page tells whether there are older entries,
    so a participant with years of history costs no COUNT over all of it.
    """
    if before is None:
        rows = LATEST_ENTRIES.all(size, participant.pk)
    else:
        rows = OLDER_ENTRIES.all(size, participant.pk, before)
    shown = rows[:size]
    return TimelinePage(shown, shown[-1].pk if len(rows) > size else None)


@functools.lru_cache(maxsize=2)
def page_summary_on(day: datetime.date) -> ParticipantRead:
    """Return the read of a participant with the page's summary, built once a day.

    Building its sixteen subqueries was a tenth of the page (4 ms of 40 under
    the profiler), and compiling them as much again (1.5 ms a request on the
    benchmark machine). They read nothing that changes but the date (whether a
    contract is open for enrolment today), so the queryset is kept for the day
    and a keyworker's read of it compiled once (ParticipantRead); it is never
    evaluated itself: each request filters a copy, as a class-level queryset in
    a generic view is.
    """
    return ParticipantRead(Participant.objects.with_page_summary())


def barriers_then_and_now(user: User, participant: Participant) -> dict:
    """Return the barriers open now and those open at the programme's start.

    One query for both lists, none when the participant has no barrier (the
    page's participant query says so). Scoped once, after the union: the scope
    is not copied into each side.
    """
    start = participant.programme_start
    barriers = []
    if participant.has_barriers:
        rows = Barrier.objects.filter(participant=participant)
        barriers = list((rows.current() | rows.at(start)).visible_to(user))
    return {
        "barriers_now": [b for b in barriers if b.resolved_on is None],
        "barriers_at_start": [b for b in barriers if b.was_open_on(start)],
    }


@rule_required(policy.is_partner_staff)
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a participant's whole story on one page: the latest of the timeline.

    Each list costs a query only when the participant query says it has rows.
    """
    participants = page_summary_on(timezone.localdate())
    participant = access_participant(request.user, pk, participants)
    # Every view of a participant's record is in their audit trail.
    accessed.send(sender=Participant, instance=participant)
    p = participant
    context = {
        "participant": participant,
        **barriers_then_and_now(request.user, participant),
        "goals": p.goals.prefetch_related("steps") if p.has_goals else [],
        "referrals": p.referrals.all() if p.has_referrals else [],
        "professionals": p.professionals.all() if p.has_professionals else [],
        "open_actions": (
            p.actions.open().select_related("owner") if p.has_open_actions else []
        ),
        "timeline": timeline_page(participant, size=TIMELINE_LATEST),
        "today": timezone.localdate(),
        "goal_statuses": GoalStatus.choices,
        "step_statuses": StepStatus.choices,
    }
    return render(request, "caseload/participant_detail.html", context)


@rule_required(policy.is_partner_staff)
def participant_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a page of a participant's older timeline, from where the last stopped."""
    participant = access_participant(request.user, pk)
    accessed.send(sender=Participant, instance=participant)
    before = positive_int(request.GET.get("before"))
    context = {
        "participant": participant,
        "timeline": timeline_page(participant, size=TIMELINE_OLDER, before=before),
        "older_page": True,
    }
    return render(request, "caseload/participant_timeline.html", context)


@rule_required(policy.is_partner_manager)
def reassign_keyworker(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a participant a new named keyworker, keeping the history."""
    participant = access_participant(request.user, pk)
    form = ReassignForm(
        request.POST or None,
        partner_id=request.user.delivery_partner_id,
        exclude=participant.keyworker,
        initial={"version": participant.version},
    )
    if form.is_valid():
        try:
            services.reassign_keyworker(
                participant=participant,
                new_keyworker=form.cleaned_data["new_keyworker"],
                assigned_by=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"] or 0,
            )
        except services.StaleVersionError as stale:
            refuse_stale(form, stale.current, {"new_keyworker": "keyworker"})
        else:
            messages.success(request, "Keyworker changed; open actions moved.")
            return redirect(participant)
    context = {"form": form, "participant": participant}
    status = 409 if getattr(form, "stale", False) else 200
    return render(request, "caseload/reassign_form.html", context, status=status)


@rule_required(policy.is_partner_staff)
def participant_exit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a participant's exit, after planning the ending with them."""
    participant = access_participant(request.user, pk)
    # A post from a form opened before someone else's exit is shown as stale.
    if participant.pathway_stage == PathwayStage.EXITED and request.method != "POST":
        messages.info(request, f"{participant} has already exited.")
        return redirect(participant)
    initial = {"version": participant.version}
    form = ExitForm(request.POST or None, participant=participant, initial=initial)
    if form.is_valid():
        try:
            services.exit_participant(
                participant=participant, exited_by=request.user, **form.exit_details()
            )
        except services.StaleVersionError as stale:
            refuse_stale(form, stale.current)
        except services.StageMoveError as refused:
            messages.info(request, str(refused))
            return redirect(participant)
        else:
            messages.success(request, f"{participant}'s exit is recorded.")
            return redirect(participant)
    context = {"form": form, "participant": participant}
    status = 409 if getattr(form, "stale", False) else 200
    return render(request, "caseload/exit_form.html", context, status=status)


@rule_required(policy.may_reengage_participant)
def participant_reengage(request: HttpRequest, pk: int) -> HttpResponse:
    """Bring an exited participant back onto the programme, with a reason."""
    participant = access_participant(request.user, pk)
    if participant.pathway_stage != PathwayStage.EXITED and request.method != "POST":
        messages.info(request, f"{participant} has not exited.")
        return redirect(participant)
    # No version: only someone exited comes back, so of two at once the second
    # is refused by the service, and an edit of their details meanwhile is no
    # conflict.
    form = ReengageForm(request.POST or None)
    if form.is_valid():
        try:
            services.reengage_participant(
                participant=participant, reengaged_by=request.user, **form.cleaned_data
            )
        except services.StageMoveError as refused:
            messages.info(request, str(refused))
        else:
            messages.success(request, f"{participant} is back on the programme.")
        return redirect(participant)
    context = {"form": form, "participant": participant}
    return render(request, "caseload/reengage_form.html", context)
