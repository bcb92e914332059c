from django.urls import path

from . import import_views
from .views import caseload, contacts, needs, outcomes, participants, team

app_name = "caseload"

P = "participants/<int:pk>/"

urlpatterns = [
    path("", caseload.my_caseload, name="my-caseload"),
    # Participants.
    path(
        "participants/new/", participants.participant_create, name="participant-create"
    ),
    path(P, participants.participant_detail, name="participant-detail"),
    path(
        P + "timeline/", participants.participant_timeline, name="participant-timeline"
    ),
    path(P + "edit/", participants.participant_edit, name="participant-edit"),
    path(P + "exit/", participants.participant_exit, name="participant-exit"),
    path(
        P + "reengage/",
        participants.participant_reengage,
        name="participant-reengage",
    ),
    path(P + "reassign/", participants.reassign_keyworker, name="participant-reassign"),
    # Contacts, actions and supervision.
    path(P + "log-contact/", contacts.log_contact, name="log-contact"),
    path(P + "actions/<int:action_pk>/done/", contacts.action_done, name="action-done"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path(
        "contacts/<int:pk>/notes/",
        contacts.supervision_note_add,
        name="supervision-note-add",
    ),
    path(
        "contacts/<int:pk>/notes/<int:note_pk>/resolve/",
        contacts.supervision_note_resolve,
        name="supervision-note-resolve",
    ),
    # Who else is involved, barriers, goals and referrals.
    path(P + "professionals/new/", needs.professional_add, name="professional-add"),
    path(
        P + "professionals/<int:item_pk>/edit/",
        needs.professional_edit,
        name="professional-edit",
    ),
    path(
        P + "professionals/<int:item_pk>/remove/",
        needs.professional_remove,
        name="professional-remove",
    ),
    path(P + "barriers/new/", needs.barrier_add, name="barrier-add"),
    path(
        P + "barriers/<int:item_pk>/resolve/",
        needs.barrier_resolve,
        name="barrier-resolve",
    ),
    path(P + "goals/new/", needs.goal_add, name="goal-add"),
    path(P + "goals/<int:item_pk>/status/", needs.goal_status, name="goal-status"),
    path(P + "goals/<int:item_pk>/steps/new/", needs.step_add, name="step-add"),
    path(
        P + "goals/<int:item_pk>/steps/<int:step_pk>/status/",
        needs.step_status,
        name="step-status",
    ),
    path(P + "outcomes/", outcomes.participant_outcomes, name="participant-outcomes"),
    path(P + "outcomes/new/", outcomes.outcome_add, name="outcome-add"),
    path(P + "referrals/new/", needs.referral_add, name="referral-add"),
    path(
        P + "referrals/<int:item_pk>/",
        needs.referral_update,
        name="referral-update",
    ),
    # The partner manager's team and safeguarding.
    path("team/", team.team, name="team"),
    path("team/reassign/", team.bulk_reassign, name="bulk-reassign"),
    path("team/<int:pk>/away/", team.mark_away, name="mark-away"),
    path("team/<int:pk>/back/", team.mark_back, name="mark-back"),
    path("team/<int:pk>/handover/", team.handover, name="handover"),
    path("safeguarding/", team.safeguarding, name="safeguarding"),
    path(
        "safeguarding/<int:pk>/close/",
        team.concern_close,
        name="concern-close",
    ),
    # Importing a caseload from a spreadsheet.
    path("import/", import_views.import_upload, name="import-upload"),
    path("import/template.csv", import_views.import_template, name="import-template"),
    path("import/<int:pk>/", import_views.import_detail, name="import-detail"),
    path(
        "import/<int:pk>/confirm/", import_views.import_confirm, name="import-confirm"
    ),
    path(
        "import/<int:pk>/discard/", import_views.import_discard, name="import-discard"
    ),
]
