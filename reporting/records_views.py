"""The records behind a programme figure's cell (see reporting.drilldown)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts import policy
from accounts.audit import record_access
from accounts.decorators import rule_required
from accounts.models import DeliveryPartner

from . import drilldown
from .forms import filter_form
from .metrics import METRICS, Filters


@rule_required(policy.may_see_programme_figures)
def figure_records(request: HttpRequest, figure: str, cell: str) -> HttpResponse:
    drill = drilldown.REGISTRY.get(figure)
    today = timezone.localdate()
    form = filter_form(request.GET, today)
    filters = form.filters(today) if form.is_valid() else Filters.last_year(today)
    filters = drilldown.scoped(request.user, filters)
    cells = drill.records(filters) if drill else {}
    if cell not in cells:
        raise Http404("No such figure.")
    named = drilldown.names_shown(request.user)
    hidden = not named and drilldown.withheld(drill, cell, cells)
    records = [] if hidden else drilldown.rows(drill, cells[cell], request.user)
    _record_read(request, drill, cell, filters, records if named else None)
    return render(
        request,
        "reporting/figure_records.html",
        {
            "drill": drill,
            "kind": drilldown.KINDS[drill.kind],
            "label": drill.label(cell),
            "metric": METRICS[drill.metric],
            "filters": filters,
            "named": named,
            "hidden": hidden,
            "records": records,
            "query": request.GET.urlencode(),
        },
    )


def _record_read(request, drill, cell, filters, records) -> None:
    # A named list lands on each person's trail; a pseudonymised one on the
    # trail of each partner it covers, as an export does.
    if records is None:
        partners = DeliveryPartner.objects.all()
        if filters.partner_id:
            partners = partners.filter(pk=filters.partner_id)
        records = partners
    else:
        people = {}
        for record in records:
            person = drilldown.participant_of(drill, record)
            people[person.pk] = person
        records = list(people.values())
    record_access(
        records,
        actor=request.user,
        read="figure records",
        figure=drill.figure,
        cell=cell,
        period=f"{filters.start:%Y-%m-%d} to {filters.end:%Y-%m-%d}",
    )
