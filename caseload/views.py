from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.decorators import role_required
from accounts.models import PARTNER_ROLES

from .models import Contact, Participant


@role_required(*PARTNER_ROLES)
def my_caseload(request: HttpRequest) -> HttpResponse:
    participants = Participant.objects.visible_to(request.user).select_related(
        "keyworker"
    )
    return render(request, "caseload/my_caseload.html", {"participants": participants})


@login_required
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user).select_related("keyworker"),
        pk=pk,
    )
    return render(
        request, "caseload/participant_detail.html", {"participant": participant}
    )


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(
        Contact.objects.visible_to(request.user).select_related(
            "participant", "worker"
        ),
        pk=pk,
    )
    return render(request, "caseload/contact_detail.html", {"contact": contact})
