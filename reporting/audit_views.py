"""A participant's audit trail and subject access export, for their partner manager."""

from auditlog.signals import accessed
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from accounts.decorators import role_required
from accounts.models import Role
from caseload.models import Participant

from . import records


@role_required(Role.PARTNER_MANAGER)
def participant_audit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.visible_to(request.user), pk=pk)
    entries = records.audit_entries_for(participant).select_related(
        "actor", "content_type"
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/participant_audit.html",
        {"participant": participant, "page": page},
    )


@role_required(Role.PARTNER_MANAGER)
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.visible_to(request.user), pk=pk)
    data = records.subject_access_data(participant)
    accessed.send(sender=Participant, instance=participant)
    if request.GET.get("format") == "json":
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
