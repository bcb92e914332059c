"""A participant's audit trail and subject access export, for their partner manager."""

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from accounts import policy
from accounts.audit import SUBJECT_ACCESS_EXPORT, describe, record_access
from accounts.decorators import rule_required
from caseload.models import Participant

from . import records


@rule_required(policy.is_partner_manager)
def participant_audit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.visible_to(request.user), pk=pk)
    entries = records.audit_entries_for(participant).select_related(
        "actor", "content_type"
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [(entry, describe(entry)) for entry in page]
    return render(
        request,
        "reporting/participant_audit.html",
        {"participant": participant, "page": page, "rows": rows},
    )


@rule_required(policy.is_partner_manager)
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.visible_to(request.user), pk=pk)
    data = records.subject_access_data(participant)
    as_json = request.GET.get("format") == "json"
    record_access(
        participant,
        actor=request.user,
        read=SUBJECT_ACCESS_EXPORT,
        format="JSON" if as_json else "page",
    )
    if as_json:
        response = JsonResponse(
            data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2}
        )
        filename = f"subject-access-{participant.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(
        request,
        "reporting/subject_access.html",
        {"participant": participant, "data": data},
    )
