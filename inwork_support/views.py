from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import role_required
from accounts.models import FRONTLINE_ROLES


@role_required(*FRONTLINE_ROLES)
def today(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "placeholder.html",
        {
            "title": "Today",
            "coming": "Check-ins due and overdue, job starts, and contracts and "
            "probations ending soon arrive with the In-work support issue.",
        },
    )
