"""The evaluator's export: the outcome register and the table's inputs, CSV or XLSX."""

from __future__ import annotations

import io

import openpyxl
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from accounts import policy
from accounts.audit import record_access
from accounts.decorators import rule_required
from accounts.models import DeliveryPartner
from config.csv_export import csv_response, safe_cell

from . import drilldown, evidence
from .forms import filter_form
from .metrics import Filters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheets(request: HttpRequest, file_name: str) -> list[evidence.Sheet]:
    today = timezone.localdate()
    form = filter_form(request.GET, today)
    filters = form.filters(today) if form.is_valid() else Filters.last_year(today)
    filters = drilldown.scoped(request.user, filters)
    # An export reads every partner it covers: each has it in its trail.
    partners = DeliveryPartner.objects.all()
    if filters.partner_id:
        partners = partners.filter(pk=filters.partner_id)
    period = f"{filters.start:%Y-%m-%d} to {filters.end:%Y-%m-%d}"
    record_access(
        partners, actor=request.user, read="export", export=file_name, period=period
    )
    return evidence.sheets(filters, drilldown.names_shown(request.user))


@rule_required(policy.may_see_programme_figures)
def evidence_csv(request: HttpRequest, part: str) -> HttpResponse:
    """Return one sheet of the evaluator's export as CSV."""
    if part not in evidence.PARTS:
        raise Http404("No such part of the export.")
    sheet = next(s for s in _sheets(request, f"{part}.csv") if s.name == part)
    return csv_response(f"{part}.csv", sheet.columns, sheet.rows)


@rule_required(policy.may_see_programme_figures)
def evidence_xlsx(request: HttpRequest) -> HttpResponse:
    """Return the whole evaluator's export as one workbook, a sheet per part."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in _sheets(request, "outcome-evidence.xlsx"):
        page = book.create_sheet(sheet.name)
        for row in [sheet.columns, *sheet.rows]:
            # Text a spreadsheet could run is written as text, as in the CSVs.
            page.append([v if isinstance(v, int) else safe_cell(v) for v in row])
    content = io.BytesIO()
    book.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="outcome-evidence.xlsx"'
    return response
