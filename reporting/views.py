"""Read-only dashboards: team health for partner managers, evidence for the programme.

Every number comes from reporting.metrics; views only pick the slice and render.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.decorators import role_required
from accounts.models import STAFF_ROLES, Role
from caseload.models import Contact, Participant, SafeguardingConcern
from config.csv_export import csv_response
from employers.models import EmployerMessage
from inwork_support.models import CheckIn

from .forms import filter_form
from .metrics import METRICS, Filters, figures, team
from .retention import retention_years
from .team_table import TEAM_COLUMNS, caseload_chart, team_cells, team_csv_rows

PROGRAMME_ROLES = (Role.PROGRAMME_MANAGER, Role.ADMIN)

# The drill-down list of each kind of record, scoped by its own visible_to().
VISIBLE = {
    "participants": lambda user: Participant.objects.visible_to(user),
    "contacts": lambda user: Contact.objects.visible_to(user),
    "checkins": lambda user: CheckIn.objects.visible_to(user),
    "concerns": lambda user: SafeguardingConcern.objects.visible_to(user),
    "messages": lambda user: EmployerMessage.objects.visible_to(user),
}
RELATED = {
    "participants": ["keyworker"],
    "contacts": ["participant", "worker"],
    "checkins": [
        "employment__participant",
        "employment__employer",
        "completed_contact",
    ],
    "concerns": ["participant", "raised_by"],
    "messages": ["employer", "sender_contact"],
}


@role_required(Role.PARTNER_MANAGER)
def partner_dashboard(request: HttpRequest) -> HttpResponse:
    partner = request.user.delivery_partner
    rows = team.team_rows(partner, timezone.localdate())
    return render(
        request,
        "reporting/partner_dashboard.html",
        {
            "partner": partner,
            "rows": [(row, team_cells(row)) for row in rows],
            "columns": TEAM_COLUMNS,
            "chart": caseload_chart(rows),
        },
    )


@role_required(Role.PARTNER_MANAGER)
def partner_dashboard_csv(request: HttpRequest) -> HttpResponse:
    rows = team.team_rows(request.user.delivery_partner, timezone.localdate())
    headings = ["Worker", *[column.label for column in TEAM_COLUMNS]]
    return csv_response("team-dashboard.csv", headings, team_csv_rows(rows))


@role_required(Role.PARTNER_MANAGER)
def worker_records(request: HttpRequest, worker_pk: int, metric: str) -> HttpResponse:
    measure = team.MEASURES.get(metric) or _not_found()
    worker = get_object_or_404(
        team.partner_workers(request.user.delivery_partner_id), pk=worker_pk
    )
    today = timezone.localdate()
    records = (
        measure.records(worker, today)
        .filter(pk__in=VISIBLE[measure.kind](request.user).values("pk"))
        .select_related(*RELATED[measure.kind])
    )
    return render(
        request,
        "reporting/worker_records.html",
        {"worker": worker, "measure": measure, "records": records, "today": today},
    )


@role_required(*PROGRAMME_ROLES)
def programme_dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = filter_form(request.GET, today)
    filters = form.filters(today) if form.is_valid() else Filters.last_year(today)
    shown, computed_at = figures.programme_figures_cached(filters)
    return render(
        request,
        "reporting/programme_dashboard.html",
        {
            "form": form,
            "filters": filters,
            "figures": shown,
            "computed_at": computed_at,
            "query": request.GET.urlencode(),
        },
    )


@role_required(*PROGRAMME_ROLES)
def programme_csv(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    form = filter_form(request.GET, today)
    filters = form.filters(today) if form.is_valid() else Filters.last_year(today)
    figure = figures.figure(slug, filters) or _not_found()
    name = f"{slug}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.csv"
    return csv_response(name, figure.columns, figure.export_rows())


@role_required(*STAFF_ROLES)
def definitions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/definitions.html",
        {"metrics": METRICS.values(), "retention_years": retention_years()},
    )


def _not_found():
    raise Http404("No such figure.")
