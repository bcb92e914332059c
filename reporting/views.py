"""Read-only dashboards: team health for partner managers, evidence for the programme.

Every number comes from reporting.metrics; views only pick the slice and render.
"""

from __future__ import annotations

import dataclasses

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts import policy
from accounts.audit import record_access
from accounts.decorators import rule_required
from accounts.models import DeliveryPartner
from caseload.models import Contact, Participant, SafeguardingConcern
from config.csv_export import csv_response
from employers.models import EmployerMessage
from inwork_support.models import CheckIn
from records.retention import retention_years

from . import drilldown
from .evidence import PARTS
from .forms import filter_form
from .metrics import METRICS, Filters, figures, team
from .team_table import TEAM_COLUMNS, caseload_chart, team_csv_rows, team_markup

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


@rule_required(policy.is_partner_manager)
def partner_dashboard(request: HttpRequest) -> HttpResponse:
    partner = request.user.delivery_partner
    today = timezone.localdate()
    rows = team.team_rows(partner, today)
    # The programme's retention figure, for this partner's participants only,
    # in exact counts (the manager may open each of them by name).
    own = dataclasses.replace(Filters.last_year(today), partner_id=partner.pk)
    definitions = reverse("reporting:definitions")
    return render(
        request,
        "reporting/partner_dashboard.html",
        {
            "partner": partner,
            "definitions": definitions,
            "rows": team_markup(rows, definitions),
            "columns": TEAM_COLUMNS,
            "chart": caseload_chart(rows),
            "retention": figures.partner_retention(own),
        },
    )


@rule_required(policy.is_partner_manager)
def partner_dashboard_csv(request: HttpRequest) -> HttpResponse:
    partner = request.user.delivery_partner
    rows = team.team_rows(partner, timezone.localdate())
    headings = ["Worker", *[column.label for column in TEAM_COLUMNS]]
    record_access(partner, actor=request.user, read="export", export="team dashboard")
    return csv_response("team-dashboard.csv", headings, team_csv_rows(rows))


@rule_required(policy.is_partner_manager)
def worker_records(request: HttpRequest, worker_pk: int, metric: str) -> HttpResponse:
    measure = team.MEASURES.get(metric) or _not_found()
    worker = get_object_or_404(
        team.partner_workers(request.user.delivery_partner_id), pk=worker_pk
    )
    today = timezone.localdate()
    records = list(
        measure.records(worker, today)
        .filter(pk__in=VISIBLE[measure.kind](request.user).values("pk"))
        .select_related(*RELATED[measure.kind])
    )
    # The worker's figure was opened (even when empty), and each record it listed.
    record_access(
        [worker, *records],
        actor=request.user,
        read="drill-down",
        figure=measure.metric.name,
        worker=str(worker),
    )
    return render(
        request,
        "reporting/worker_records.html",
        {"worker": worker, "measure": measure, "records": records, "today": today},
    )


@rule_required(policy.may_see_programme_figures)
def programme_dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = filter_form(request.GET, today)
    filters = form.filters(today) if form.is_valid() else Filters.last_year(today)
    filters = drilldown.scoped(request.user, filters)
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
            "named": drilldown.names_shown(request.user),
            "evidence_parts": PARTS.items(),
        },
    )


@rule_required(policy.may_see_programme_figures)
def programme_csv(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    form = filter_form(request.GET, today)
    filters = form.filters(today) if form.is_valid() else Filters.last_year(today)
    filters = drilldown.scoped(request.user, filters)
    figure = figures.figure(slug, filters) or _not_found()
    name = f"{slug}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.csv"
    _record_export(request, slug, filters)
    return csv_response(name, figure.columns, figure.export_rows())


@rule_required(policy.is_staff_member)
def definitions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/definitions.html",
        {"metrics": METRICS.values(), "retention_years": retention_years()},
    )


def _record_export(request: HttpRequest, slug: str, filters: Filters) -> None:
    # A programme export reads every partner it covers: each has it in its trail.
    partners = DeliveryPartner.objects.all()
    if filters.partner_id:
        partners = partners.filter(pk=filters.partner_id)
    chosen = {
        "from": filters.start.isoformat(),
        "to": filters.end.isoformat(),
        "partner": filters.partner_id,
        "gender": filters.gender,
        "age band": filters.age_band,
        "disability": filters.disability,
    }
    record_access(
        partners,
        actor=request.user,
        read="export",
        export=f"{slug}.csv",
        filters={key: value for key, value in chosen.items() if value},
    )


def _not_found():
    raise Http404("No such figure.")
