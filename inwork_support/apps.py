from django.apps import AppConfig


class InworkSupportConfig(AppConfig):
    name = "inwork_support"

    def ready(self) -> None:
        from accounts.participant_data import register_audited

        from .participant_data import PARTICIPANT_DATA

        register_audited(PARTICIPANT_DATA)
        # Check-ins follow whoever holds the participant (caseload's registry).
        from caseload.responsibility import on_responsibility_change, register_holding

        from .services.responsibility import CHECKINS, move_checkins_to_holder

        on_responsibility_change(move_checkins_to_holder)
        register_holding(CHECKINS)
        # Leaving the programme ends in-work support: caseload may not import
        # this app, so it calls the handlers apps register (no signal).
        from caseload.services import on_participant_exit

        from .services import end_support_on_exit

        on_participant_exit(end_support_on_exit)
        # The contact form asks the in-work questions for someone in work.
        from caseload.contact_questions import register_contact_questions

        from .contact_questions import in_work_questions

        register_contact_questions(in_work_questions)
        # The participant page's "in work since" comes with its participant query.
        from caseload.models.participants import register_page_summary

        from .templatetags.inwork_tags import any_job, first_current_start

        register_page_summary("inwork_since", first_current_start)
        register_page_summary("inwork_any_job", any_job)
