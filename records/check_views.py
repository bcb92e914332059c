"""The record checks' latest run: findings for a partner manager, counts for the
programme."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import policy
from accounts.decorators import rule_required
from accounts.models import DeliveryPartner
from accounts.querystring import page_number
from caseload.models import Participant

from .checks import count_by_kind, in_check_order, titles
from .models import RecordCheckRun

FINDINGS_PER_PAGE = 50


@rule_required(policy.may_see_record_checks)
def record_checks(request: HttpRequest) -> HttpResponse:
    run = RecordCheckRun.objects.latest_run()
    context: dict = {"run": run}
    if run is not None and policy.is_partner_manager(request.user):
        context.update(_partner_findings(request, run))
    elif run is not None:
        context["table"] = _programme_counts(run)
    return render(request, "records/record_checks.html", context)


def _partner_findings(request: HttpRequest, run: RecordCheckRun) -> dict:
    """Return the page of the manager's own partner's findings, with names."""
    findings = run.findings_of(request.user.delivery_partner_id)
    counts = count_by_kind(findings)
    kind = request.GET.get("kind")
    if kind in counts:
        findings = [f for f in findings if f["kind"] == kind]
    page = Paginator(findings, FINDINGS_PER_PAGE).get_page(
        page_number(request.GET.get("page"))
    )
    names = {
        person.pk: person.display_name
        for person in Participant.objects.visible_to(request.user)
        .filter(pk__in={f["participant_id"] for f in page})
        .only("first_name", "preferred_name", "last_name")
    }
    named = titles()
    rows = [(f, names.get(f["participant_id"]), named.get(f["kind"])) for f in page]
    return {
        "page": page,
        "rows": rows,
        "counts": _titled(counts),
        "kind": kind if kind in counts else None,
        "partner_total": sum(counts.values()),
    }


def _titled(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    named = titles()
    return [(kind, named.get(kind, kind), count) for kind, count in counts.items()]


def _programme_counts(run: RecordCheckRun) -> list[tuple[DeliveryPartner, list]]:
    """Return each partner with its counts per check: no names, no records."""
    by_partner = run.counts_by_partner()
    partners = DeliveryPartner.objects.filter(pk__in=by_partner).order_by("name")
    return [
        (partner, _titled(in_check_order(by_partner[partner.pk])))
        for partner in partners
    ]
