from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.decorators import role_required
from accounts.models import Role

from .models import EmployerContact


@role_required(Role.EMPLOYER_CONTACT)
def portal_home(request: HttpRequest) -> HttpResponse:
    contact = get_object_or_404(
        EmployerContact.objects.select_related("employer"), user=request.user
    )
    return render(request, "employers/portal_home.html", {"contact": contact})
