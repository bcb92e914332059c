from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import role_required
from accounts.models import Role


@role_required(Role.PARTNER_MANAGER)
def partner_dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "placeholder.html",
        {
            "title": f"{request.user.delivery_partner} team dashboard",
            "coming": "Caseload health for each worker arrives with the "
            "Dashboards issue.",
        },
    )


@role_required(Role.PROGRAMME_MANAGER)
def programme_dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "placeholder.html",
        {
            "title": "Programme dashboard",
            "coming": "Outcomes and in-work support evidence across partners arrive "
            "with the Dashboards issue.",
        },
    )
