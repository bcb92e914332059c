"""Importing a caseload from a spreadsheet: upload, preview, then import or discard."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.decorators import rule_required
from config.csv_export import csv_response

from . import imports
from .import_forms import UploadForm, column_guide, columns_for
from .models import CaseloadImport, ImportStatus

RECENT_IMPORTS = 10
# A running import's page reloads itself this often (static/js/import-progress.js).
REFRESH_SECONDS = 2


@rule_required(policy.is_partner_staff)
def import_upload(request: HttpRequest) -> HttpResponse:
    posted = (request.POST, request.FILES) if request.method == "POST" else ()
    form = UploadForm(*posted, user=request.user)
    if form.is_valid():
        caseload_import = imports.preview_import(
            user=request.user,
            filename=form.cleaned_data["file"].name,
            rows=form.cleaned_data["rows"],
        )
        return redirect(caseload_import)
    recent = (
        CaseloadImport.objects.visible_to(request.user)
        .select_related("created_by")
        .defer("rows", "errors")[:RECENT_IMPORTS]
    )
    context = {
        "form": form,
        "recent": recent,
        "guide": column_guide(columns_for(request.user)),
    }
    return render(request, "caseload/import_upload.html", context)


@rule_required(policy.is_partner_staff)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    caseload_import = get_object_or_404(
        CaseloadImport.objects.visible_to(request.user).select_related("created_by"),
        pk=pk,
    )
    context = {
        "import": caseload_import,
        "preview": imports.preview_of(caseload_import),
        "can_import": caseload_import.status == ImportStatus.PREVIEWED
        and not caseload_import.errors,
        "refresh_seconds": REFRESH_SECONDS
        if caseload_import.status == ImportStatus.IMPORTING
        else None,
    }
    return render(request, "caseload/import_detail.html", context)


@require_POST
@rule_required(policy.is_partner_staff)
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    caseload_import = get_object_or_404(
        CaseloadImport.objects.visible_to(request.user), pk=pk
    )
    try:
        imports.confirm_import(
            caseload_import=caseload_import, imported_by=request.user
        )
    except imports.ImportRefused as refusal:
        messages.error(request, str(refusal))
    # Its page shows the worker's progress, then what came of it.
    return redirect(caseload_import)


@require_POST
@rule_required(policy.is_partner_staff)
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    caseload_import = get_object_or_404(
        CaseloadImport.objects.visible_to(request.user), pk=pk
    )
    if imports.discard_import(caseload_import=caseload_import):
        messages.success(request, f"Discarded {caseload_import.filename}.")
    else:
        messages.error(request, "Only an import not yet made can be discarded.")
    return redirect("caseload:import-upload")


@rule_required(policy.is_partner_staff)
def import_template(request: HttpRequest) -> HttpResponse:
    return csv_response("caseload-import.csv", columns_for(request.user), [])
