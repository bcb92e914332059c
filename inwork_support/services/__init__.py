"""Business rules of in-work support: views, tasks, the demo and tests call these."""

from .consent import ConsentUnchangedError, change_disclosure_consent
from .jobs import (
    StaleEmploymentError,
    change_start_date,
    change_terms,
    end_employment,
    extend_probation,
    record_job_start,
)
from .schedule import (
    assignee_for,
    cancel_checkins,
    fixed_due_dates,
    interval_days,
    schedule_next_regular,
    sync_schedule,
)
from .support import (
    REPORTABLE_RISKS,
    StalePlanError,
    clear_job_risk,
    complete_checkin,
    raise_job_risk,
    record_in_work_contact,
    record_practical_support,
    record_sustained_outcome,
    save_plan,
    set_preparation,
)
from .sweep import (
    SweepResult,
    mark_missed_checkins,
    send_escalations,
    send_morning_digests,
    send_reminders,
    sweep_checkins,
)

__all__ = [
    "ConsentUnchangedError",
    "REPORTABLE_RISKS",
    "StaleEmploymentError",
    "StalePlanError",
    "SweepResult",
    "assignee_for",
    "cancel_checkins",
    "change_disclosure_consent",
    "change_start_date",
    "change_terms",
    "clear_job_risk",
    "complete_checkin",
    "end_employment",
    "extend_probation",
    "fixed_due_dates",
    "interval_days",
    "mark_missed_checkins",
    "raise_job_risk",
    "record_in_work_contact",
    "record_job_start",
    "record_practical_support",
    "record_sustained_outcome",
    "save_plan",
    "schedule_next_regular",
    "send_escalations",
    "send_morning_digests",
    "send_reminders",
    "set_preparation",
    "sweep_checkins",
    "sync_schedule",
]
