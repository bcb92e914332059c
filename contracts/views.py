"""Contracts, enrolments, evidence and claims: thin views over contracts.services."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from accounts import policy
from accounts.audit import record_access
from accounts.decorators import require, rule_required
from caseload.models import Participant
from config.csv_export import csv_response, safe_cell
from inwork_support import dates

from . import forms, services
from .models import Claim, Contract, Enrolment, EvidenceDocument, OutcomeType
from .services.board import READY


@rule_required(policy.may_handle_claims)
def contract_list(request: HttpRequest) -> HttpResponse:
    contracts = Contract.objects.visible_to(request.user).order_by("name")
    return render(request, "contracts/contract_list.html", {"contracts": contracts})


def _board(request: HttpRequest, pk: int) -> tuple[Contract, dict, object]:
    """Return the contract, its board for the user's partner (or the chosen one)."""
    contract = get_object_or_404(Contract.objects.visible_to(request.user), pk=pk)
    form = forms.PartnerFilterForm(request.GET or None, contract=contract)
    if policy.is_partner_manager(request.user):
        partner = request.user.delivery_partner_id
    else:
        partner = form.cleaned_data["partner"] if form.is_valid() else None
    board = services.claims_board(
        contract=contract, partner_id=partner, today=dates.today()
    )
    return contract, board, form


@rule_required(policy.may_handle_claims)
def claims(request: HttpRequest, pk: int) -> HttpResponse:
    contract, board, form = _board(request, pk)
    context = {
        "contract": contract,
        "board": board,
        "form": form,
        "named": policy.is_partner_manager(request.user),
    }
    return render(request, "contracts/claims.html", context)


EXPORT_COLUMNS = (
    "Reference",
    "Participant",
    "Partner",
    "Outcome",
    "Achieved on",
    "Checked on",
    "Evidence",
    "Payment (£)",
)


def _ready_rows(request: HttpRequest, pk: int) -> tuple[Contract, list[list]]:
    contract, board, _ = _board(request, pk)
    named = policy.is_partner_manager(request.user)
    rows = []
    for row in board[READY]:
        person = row.progress.enrolment.participant
        rows.append(
            [
                row.reference,
                person.display_name if named else "",
                person.delivery_partner.name,
                row.progress.outcome_type.name,
                row.claim.achieved_on.isoformat(),
                row.claim.checked_at.date().isoformat() if row.claim.checked_at else "",
                "; ".join(d.get_kind_display() for d in row.documents),
                row.progress.outcome_type.payment or "",
            ]
        )
    return contract, rows


@rule_required(policy.may_handle_claims)
def claims_csv(request: HttpRequest, pk: int) -> HttpResponse:
    contract, rows = _ready_rows(request, pk)
    return csv_response(f"ready-to-claim-{contract.pk}.csv", EXPORT_COLUMNS, rows)


@rule_required(policy.may_handle_claims)
def claims_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    contract, rows = _ready_rows(request, pk)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ready to claim")
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"ready-to-claim-{contract.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@rule_required(policy.may_enrol_participant)
def enrol(request: HttpRequest, contract_pk: int, participant_pk: int) -> HttpResponse:
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user), pk=participant_pk
    )
    contract = get_object_or_404(
        Contract.objects.visible_to(request.user), pk=contract_pk
    )
    existing = Enrolment.objects.filter(contract=contract, participant=participant)
    if existing.exists():
        return redirect(existing.get())
    form = forms.EnrolForm(request.POST or None, contract=contract)
    if form.is_valid():
        try:
            enrolment = services.enrol_participant(
                contract=contract,
                participant=participant,
                enrolled_by=request.user,
                **form.service_kwargs(),
            )
        except services.EnrolmentError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Enrolled. A colleague checks it next.")
            return redirect(enrolment)
    context = {"participant": participant, "contract": contract, "form": form}
    return render(request, "contracts/enrol_form.html", context)


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.visible_to(request.user).select_related(
            "contract", "participant", "enrolled_by", "checked_by"
        ),
        pk=pk,
    )


@rule_required(policy.is_partner_staff)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    record_access(enrolment, actor=request.user, read="enrolment page")
    documents = list(enrolment.documents.select_related("uploaded_by"))
    rows = []
    for row in services.progress_for([enrolment], dates.today()):
        # An outcome not claimed yet is checked as a claim would be.
        claim = row.claim or Claim(enrolment=enrolment, outcome_type=row.outcome_type)
        claim.evidence = [
            d for d in documents if d.outcome_type_id == claim.outcome_type_id
        ]
        missing = services.missing_evidence(row.outcome_type, claim.evidence)
        rows.append((row, claim, missing))
    context = {
        "enrolment": enrolment,
        "participant": enrolment.participant,
        "answers": list(enrolment.answers.select_related("item")),
        "problems": services.eligibility_problems(enrolment),
        "rows": rows,
        "documents": documents,
    }
    return render(request, "contracts/enrolment_detail.html", context)


@rule_required(policy.is_partner_staff)
@require_POST
def enrolment_check(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    require(policy.may_check_enrolment(request.user, enrolment))
    try:
        if services.check_enrolment(enrolment=enrolment, checker=request.user):
            messages.success(request, "Enrolment checked: it counts now.")
    except services.EnrolmentError as refused:
        messages.error(request, str(refused))
    return redirect(enrolment)


@rule_required(policy.is_partner_staff)
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    form = forms.EvidenceForm(
        request.POST or None, request.FILES or None, enrolment=enrolment
    )
    if form.is_valid():
        services.upload_evidence(
            enrolment=enrolment, uploaded_by=request.user, **form.service_kwargs()
        )
        messages.success(request, "Evidence uploaded.")
        return redirect(enrolment)
    context = {"enrolment": enrolment, "participant": enrolment.participant}
    return render(request, "contracts/evidence_form.html", context | {"form": form})


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Send the file to those who may see the participant; 404 to everyone else."""
    document = get_object_or_404(
        EvidenceDocument.objects.visible_to(request.user), pk=pk
    )
    if not document.file:
        raise Http404("The file was removed at retention.")
    record_access(document, actor=request.user, read="evidence document")
    response = FileResponse(
        document.file.open("rb"), content_type=document.content_type
    )
    response["Content-Disposition"] = f'inline; filename="evidence-{document.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@rule_required(policy.is_partner_staff)
@require_POST
def outcome_check(request: HttpRequest, pk: int, type_pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    outcome_type = get_object_or_404(
        OutcomeType.objects.filter(contract=enrolment.contract_id), pk=type_pk
    )
    unopened = Claim(enrolment=enrolment, outcome_type=outcome_type)
    require(policy.may_check_claim(request.user, unopened))
    try:
        services.check_outcome(
            enrolment=enrolment,
            outcome_type=outcome_type,
            checker=request.user,
            today=dates.today(),
        )
        messages.success(request, "Checked: it is ready to claim.")
    except services.ClaimError as refused:
        messages.error(request, str(refused))
    return redirect(enrolment)


def _claim(request: HttpRequest, pk: int) -> Claim:
    return get_object_or_404(
        Claim.objects.visible_to(request.user).select_related(
            "enrolment__contract", "outcome_type"
        ),
        pk=pk,
    )


@rule_required(policy.may_handle_claims)
@require_POST
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    try:
        services.submit_claim(claim=claim, by=request.user)
        messages.success(request, f"{claim.outcome_type.name}: marked as claimed.")
    except services.ClaimError as refused:
        messages.error(request, str(refused))
    return redirect(claim.enrolment.contract)


@rule_required(policy.may_handle_claims)
def claim_settle(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    form = forms.SettleForm(request.POST or None)
    if form.is_valid():
        try:
            services.settle_claim(
                claim=claim,
                by=request.user,
                paid=form.cleaned_data["answer"] == "paid",
                reason=form.cleaned_data["reason"],
            )
        except services.ClaimError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The funder's answer is recorded.")
            return redirect(claim.enrolment.contract)
    context = {"claim": claim, "form": form, "reference": None}
    return render(request, "contracts/settle_form.html", context)
