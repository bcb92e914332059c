"""The pathway stage: it moves only here, following what happens to the person.

Other apps report events (a job started, the last open job ended) and caseload
decides the stage; exit and re-engaging are caseload's own. Every move bumps the
version, is audited and goes on the timeline; a move the current stage does not
allow raises StageMoveError with a message to show as it is.

Leaving the programme must also end what other apps hold for the person (in-work
support's pending check-ins and job risks, a notice to the employer's go-to
person), but caseload may not import the apps built on it. Each such app
registers one handler with `on_participant_exit` in its AppConfig.ready, and
`exit_participant` calls them in order, inside its own transaction: an explicit
list rather than a Django signal, so the exit's steps are written in one place
and a failing handler rolls the whole exit back.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import NotificationKind, User
from accounts.services import notify
from accounts.versions import StaleVersionError

from ..models import EntryKind, Outcome, Participant, PathwayStage
from .outcomes import record_exit_outcomes
from .timeline import add_timeline_entry, moment_of

WORKING = (PathwayStage.IN_WORK, PathwayStage.PROGRESSING)
NOT_YET_WORKING = (
    PathwayStage.ENGAGED,
    PathwayStage.PRE_EMPLOYMENT,
    PathwayStage.JOB_SEARCH,
)
# Where someone goes when their last job ends (the first is the default).
AFTER_WORK = (
    PathwayStage.JOB_SEARCH,
    PathwayStage.PRE_EMPLOYMENT,
    PathwayStage.ENGAGED,
)
# Where someone comes back to when re-engaged (the first is the default).
ON_RETURN = (PathwayStage.ENGAGED, PathwayStage.JOB_SEARCH)


class StageMoveError(Exception):
    """A move the participant's current stage does not allow; the message says why."""


ExitHandler = Callable[..., None]
_EXIT_HANDLERS: list[ExitHandler] = []


def on_participant_exit(handler: ExitHandler) -> ExitHandler:
    """Call `handler(participant=, exited_by=, exit_date=)` on every exit.

    Apps that hold work for a participant register once, in AppConfig.ready.
    """
    if handler not in _EXIT_HANDLERS:
        _EXIT_HANDLERS.append(handler)
    return handler


@transaction.atomic
def set_stage(
    *,
    participant: Participant,
    stage: str,
    changed_by: User | None,
    only_from: tuple[str, ...] = (),
) -> bool:
    """Move the participant to `stage` (only from a stage in `only_from`, if given).

    Return whether it moved. The version goes up, so an edit form opened before
    the move cannot silently put the old stage back; the move is audited.
    """
    rows = Participant.objects.filter(pk=participant.pk).exclude(pathway_stage=stage)
    if only_from:
        rows = rows.filter(pathway_stage__in=only_from)
    moved = audited_update(
        rows, actor=changed_by, pathway_stage=stage, version=F("version") + 1
    )
    if moved:
        participant.refresh_from_db(fields=["pathway_stage", "version"])
    return bool(moved)


def _label(stage: str) -> str:
    return PathwayStage(stage).label


def _move(
    participant: Participant,
    *,
    stage: str,
    changed_by: User | None,
    only_from: tuple[str, ...],
    why: str,
) -> bool:
    before = _locked_stage(participant)
    moved = set_stage(
        participant=participant, stage=stage, changed_by=changed_by, only_from=only_from
    )
    if moved:
        add_timeline_entry(
            participant=participant,
            # When it was recorded, beside the job's own entry (also "now"):
            # the job's dates are on that entry and the job page.
            occurred_at=timezone.now(),
            # Only jobs move the stage outside exit and re-engaging.
            kind=EntryKind.JOB,
            title=f"Stage: {_label(before)} to {_label(stage)}",
            detail=why,
            actor=changed_by,
        )
    return moved


@transaction.atomic
def move_into_work(
    *, participant: Participant, started_on: datetime.date, changed_by: User | None
) -> bool:
    """A job starts: move the participant to "in work"; return whether it moved.

    Someone already in work or progressing stays where they are, and a job
    recorded ahead of its first day moves nobody yet; someone who has exited
    must be re-engaged first.
    """
    if _locked_stage(participant) == PathwayStage.EXITED:
        raise StageMoveError(
            f"{participant} has exited the programme: re-engage them before "
            "recording a job."
        )
    if started_on > timezone.localdate():
        return False
    return _move(
        participant,
        stage=PathwayStage.IN_WORK,
        changed_by=changed_by,
        only_from=NOT_YET_WORKING,
        why=f"A job started on {started_on:%-d %b %Y}.",
    )


@transaction.atomic
def move_out_of_work(
    *,
    participant: Participant,
    stage: str,
    ended_on: datetime.date,
    changed_by: User | None,
) -> bool:
    """Their last open job has ended: move the participant to `stage`.

    The caller (in-work support) knows no other job is open. Someone who has
    exited stays exited: support ended with the exit, whatever the job did.
    """
    if stage not in AFTER_WORK:
        raise StageMoveError(
            f"After a job ends the stage is one of: "
            f"{', '.join(_label(s) for s in AFTER_WORK)}."
        )
    not_exited = tuple(s for s in PathwayStage.values if s != PathwayStage.EXITED)
    return _move(
        participant,
        stage=stage,
        changed_by=changed_by,
        only_from=not_exited,
        why=f"Their last open job ended on {ended_on:%-d %b %Y}.",
    )


def _locked_stage(participant: Participant) -> str:
    # Lock the row first: a move decided on a stage read earlier could undo
    # another's (an exit racing a job's end).
    rows = Participant.objects.select_for_update().filter(pk=participant.pk)
    return rows.values_list("pathway_stage", flat=True).get()


def _lock(participant: Participant) -> Participant:
    # The row lock orders concurrent moves; save() (not update()) keeps the
    # audit log's record of old and new values.
    return Participant.objects.select_for_update().get(pk=participant.pk)


def _refuse_if_stale(current: Participant, version: int | None) -> None:
    if version is not None and current.version != version:
        raise StaleVersionError(current)


@transaction.atomic
def exit_participant(
    *,
    participant: Participant,
    exited_by: User,
    exit_date: datetime.date,
    exit_reason: str,
    exit_outcome: str,
    version: int | None = None,
) -> Outcome:
    """Record that a participant has left the programme, and all that follows.

    0. From a form (`version` given), refuse if the participant changed since
       it was opened, so a second exit cannot silently replace the first one's.
       Someone already exited cannot exit again: only a form carrying the
       version of their exit (saved again after seeing it) corrects its details.
    1. The stage, date, reason and outcome are saved (version up, audited).
    2. The exit is an outcome in the register, and so is what the form says
       they left to when it is education or training or active job search.
    3. Their open actions are closed, listed on the timeline.
    4. Every app's exit handler runs (in-work support cancels pending check-ins
       of every job, clears job risks and tells the go-to person what the
       person agreed the employer may know).
    5. The timeline shows the exit.
    """
    current = _lock(participant)
    _refuse_if_stale(current, version)
    already = current.pathway_stage == PathwayStage.EXITED
    if already and version is None:
        raise StageMoveError(
            f"{current} already exited on {current.exit_date:%-d %b %Y}."
        )
    current.pathway_stage = PathwayStage.EXITED
    current.exit_date = exit_date
    current.exit_reason = exit_reason
    current.exit_outcome = exit_outcome
    current.version += 1
    current.save()
    outcome = record_exit_outcomes(
        participant=current, exited_by=exited_by, correcting=already
    )
    if not already:
        _close_open_actions(current, exited_by, exit_date)
        for handler in _EXIT_HANDLERS:
            handler(participant=current, exited_by=exited_by, exit_date=exit_date)
    add_timeline_entry(
        participant=current,
        occurred_at=moment_of(exit_date),
        kind=EntryKind.EXIT,
        title=f"{'Exit corrected' if already else 'Exited'}: "
        f"{current.get_exit_outcome_display()}",
        detail=exit_reason,
        actor=exited_by,
    )
    _refresh(participant, current)
    return outcome


def _close_open_actions(
    participant: Participant, closed_by: User, exit_date: datetime.date
) -> None:
    actions = list(participant.actions.open().order_by("due_on", "pk"))
    if not actions:
        return
    audited_update(
        participant.actions.filter(pk__in=[a.pk for a in actions]),
        actor=closed_by,
        done_at=timezone.now(),
    )
    add_timeline_entry(
        participant=participant,
        occurred_at=moment_of(exit_date),
        kind=EntryKind.EXIT,
        title=f"{len(actions)} open action{'s' if len(actions) > 1 else ''} "
        "closed on exit",
        detail="\n".join(f"{a.description} ({a.owner})" for a in actions),
        actor=closed_by,
    )


def _refresh(participant: Participant, current: Participant) -> None:
    # The caller's instance shows what was saved, as refresh_from_db would.
    for field in (
        "pathway_stage",
        "exit_date",
        "exit_reason",
        "exit_outcome",
        "version",
    ):
        setattr(participant, field, getattr(current, field))


@transaction.atomic
def reengage_participant(
    *,
    participant: Participant,
    reengaged_by: User,
    stage: str = PathwayStage.ENGAGED,
    reason: str,
    version: int | None = None,
) -> Participant:
    """Bring an exited participant back onto the programme at `stage`.

    1. Only someone who has exited can come back (a form opened before someone
       else's change is refused as stale).
    2. The stage moves and the exit details are cleared (the exit stays on the
       timeline and in the outcome register); the version goes up, audited.
    3. The timeline shows it with the reason; the keyworker is told when
       someone else did it.
    """
    current = _lock(participant)
    _refuse_if_stale(current, version)
    if current.pathway_stage != PathwayStage.EXITED:
        raise StageMoveError(
            f"{current} has not exited ({current.get_pathway_stage_display()}), "
            "so there is nothing to re-engage."
        )
    if stage not in ON_RETURN:
        raise StageMoveError(
            f"Someone re-engaged starts at one of: "
            f"{', '.join(_label(s) for s in ON_RETURN)}."
        )
    exited_on = current.exit_date
    current.pathway_stage = stage
    current.exit_date = None
    current.exit_reason = ""
    current.exit_outcome = ""
    current.version += 1
    current.save()
    add_timeline_entry(
        participant=current,
        occurred_at=timezone.now(),
        kind=EntryKind.EXIT,
        title=f"Re-engaged after exiting on {exited_on:%-d %b %Y}: {_label(stage)}",
        detail=reason,
        actor=reengaged_by,
    )
    if current.keyworker_id != reengaged_by.pk:
        notify(
            recipient=current.keyworker,
            kind=NotificationKind.CASELOAD,
            title=f"{current} is back on your caseload",
            body=reason,
            url=current.get_absolute_url(),
        )
    _refresh(participant, current)
    return current
