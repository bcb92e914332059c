"""Small helpers the employers views share."""

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, *, title: str, form: Form, back: str, submit: str = "Save"
) -> HttpResponse:
    """Render a one-form page; invalid input (or a stale save) comes back as typed."""
    return render(
        request,
        "employers/form_page.html",
        {"title": title, "form": form, "back": back, "submit": submit},
        status=409 if getattr(form, "stale", False) else 200,
    )
