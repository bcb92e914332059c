"""Importing a caseload from a spreadsheet: upload, preview, then import or discard."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.models import PARTNER_ROLES
from config.csv_export import csv_response

from . import imports
from .import_forms import UploadForm, column_guide, columns_for
from .models import CaseloadImport, ImportStatus

RECENT_IMPORTS = 10


@role_required(*PARTNER_ROLES)
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


@role_required(*PARTNER_ROLES)
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
    }
    return render(request, "caseload/import_detail.html", context)


@require_POST
@role_required(*PARTNER_ROLES)
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    caseload_import = get_object_or_404(
        CaseloadImport.objects.visible_to(request.user), pk=pk
    )
    try:
        count = imports.import_caseload(
            caseload_import=caseload_import, imported_by=request.user
        )
    except imports.ImportRefused as refusal:
        if refusal.checked is not None:
            imports.record_recheck(
                caseload_import=caseload_import, checked=refusal.checked
            )
        messages.error(request, str(refusal))
        return redirect(caseload_import)
    messages.success(
        request,
        f"Imported {count} participant{pluralize(count)} "
        f"from {caseload_import.filename}.",
    )
    return redirect("caseload:my-caseload")


@require_POST
@role_required(*PARTNER_ROLES)
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    caseload_import = get_object_or_404(
        CaseloadImport.objects.visible_to(request.user), pk=pk
    )
    if imports.discard_import(caseload_import=caseload_import):
        messages.success(request, f"Discarded {caseload_import.filename}.")
    else:
        messages.error(request, "Only an import not yet made can be discarded.")
    return redirect("caseload:import-upload")


@role_required(*PARTNER_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    return csv_response("caseload-import.csv", columns_for(request.user), [])
