"""My caseload: find a participant, see who needs contact, one tap to log it."""

import datetime
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import TIME_STRINGS, timesince

from accounts import policy
from accounts.cover import held_by_ids, manager_of, worker_holding
from accounts.decorators import rule_required
from accounts.models import FRONTLINE_ROLES, Role, User
from config.prepared import ID, IDS, KEY, PreparedQuery

from ..forms import CaseloadFilterForm
from ..models import Participant, PathwayStage

PAGE_SIZE = 25
# What a row shows (name, stage, keyworker): a participant has 30 columns, and
# reading all of them, and their keyworker's 19, for 25 rows was ~0.6 ms a page.
ROW_FIELDS = [
    "first_name",
    "last_name",
    "preferred_name",
    "pathway_stage",
    "keyworker__first_name",
    "keyworker__last_name",
    "keyworker__username",
]
# Ties end on the record itself: every page, prepared or not, then agrees on one
# order, and nobody shows on two pages (or on none) for sharing a name.
BY_NAME = [F("last_name").asc(), F("first_name").asc(), F("pk").asc()]
ORDERINGS = {
    "name": BY_NAME,
    "-last_contact": [F("last_contact_at").desc(nulls_last=True), *BY_NAME],
    # Never contacted first: they have waited longest.
    "last_contact": [F("last_contact_at").asc(nulls_first=True), *BY_NAME],
    "-open_actions": [F("open_action_count").desc(), *BY_NAME],
    "stage": [F("pathway_stage").asc(), *BY_NAME],
}


def listed(participants: QuerySet) -> QuerySet:
    """Return `participants` with what the list shows of each."""
    return (
        participants.with_caseload_summary()
        .select_related("keyworker")
        .only(*ROW_FIELDS)
    )


def filter_caseload(participants: QuerySet, filters: dict) -> QuerySet:
    """Apply the caseload list's search, filters and sort."""
    if filters.get("q"):
        participants = participants.matching_name(filters["q"])
    if filters.get("stage"):
        participants = participants.filter(pathway_stage=filters["stage"])
    else:
        # The working list: exited participants only when asked for by stage.
        participants = participants.active()
    if filters.get("keyworker"):
        participants = participants.held_by(filters["keyworker"])
    if filters.get("open_actions"):
        participants = participants.filter(open_action_count__gt=0)
    if filters.get("no_contact_days"):
        since = timezone.now() - datetime.timedelta(days=filters["no_contact_days"])
        participants = participants.filter(
            Q(last_contact_at__lt=since) | Q(last_contact_at__isnull=True)
        )
    return participants.order_by(*ORDERINGS.get(filters.get("sort") or "name"))


def _first_page(scope: User, keyworker: tuple[int, ...], shown: tuple) -> QuerySet:
    """Return the first page of `scope`'s list as filter_caseload lists it, each
    row with how many the list holds (`in_list`), in place of a second query.

    `keyworker` is the worker a manager filters on, if any; `shown` the stage,
    whether only those with open actions, and the sort (_shown).
    """
    stage, open_actions, sort = shown
    filters = {"stage": stage, "open_actions": open_actions, "sort": sort}
    if keyworker:
        filters["keyworker"] = keyworker[0]
    participants = listed(Participant.objects.visible_to(scope))
    return filter_caseload(participants, filters).annotate(in_list=Window(Count("pk")))[
        :PAGE_SIZE
    ]


# The first page of the list, which the page opens on and every change of filter
# or sort lands on, compiled once per process per role, number of workers held
# and choice of filters, and planned once per connection (config.prepared): the
# page's count and list cost 1.6 ms a request to compile on the bench, and
# PostgreSQL planned the list in 1.2 ms and ran it in 1.0 (0.02 and 0.6 now).
FRONTLINE_FIRST_PAGE = PreparedQuery(
    lambda role, ids, shown: _first_page(worker_holding(role, ids), (), shown),
    takes=(KEY, IDS, KEY),
    plan_once=True,
)
PARTNER_FIRST_PAGE = PreparedQuery(
    lambda partner, keyworker, shown: _first_page(
        manager_of(partner), keyworker, shown
    ),
    takes=(ID, IDS, KEY),
    plan_once=True,
)


def _shown(filters: dict) -> tuple | None:
    """Return the filters as the prepared first page takes them, or None if it
    cannot: a name searched for is text, and "no contact in N days" a moment
    computed from now, neither of which a prepared query swaps in."""
    if filters.get("q") or filters.get("no_contact_days"):
        return None
    return (
        filters.get("stage") or "",
        bool(filters.get("open_actions")),
        filters.get("sort") or "name",
    )


def _asks_for_first_page(number: str | None) -> bool:
    """Whether the paginator answers `number` (the page asked for) with page 1:
    1, or anything that is not a whole number, as Paginator.get_page reads it."""
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return True


def prepared_first_page(user: User, filters: dict) -> Page | None:
    """Return the first page of the user's list from a prepared query, or None
    when the filters or the user's role need the ORM's (filter_caseload)."""
    shown = _shown(filters)
    if shown is None or not user.is_active:
        return None
    if user.role in FRONTLINE_ROLES:
        rows = FRONTLINE_FIRST_PAGE.all(user.role, held_by_ids(user), shown)
    elif user.role == Role.PARTNER_MANAGER and user.delivery_partner_id:
        keyworker = filters.get("keyworker")
        rows = PARTNER_FIRST_PAGE.all(
            user.delivery_partner_id, (keyworker.pk,) if keyworker else (), shown
        )
    else:
        return None
    paginator = Paginator(rows, PAGE_SIZE)
    # What it would have counted: every row of the list, not only these.
    paginator.count = rows[0].in_list if rows else 0
    return paginator.page(1)


def pk_url(name: str) -> Callable[[int], str]:
    """Return a function giving the URL `name` of a pk, reversing only once.

    A caseload page links each of its 25 rows twice, and reverse() with an
    argument costs about 30 µs: 1.5 ms of a 16 ms page for URLs that differ
    only in the pk.
    """
    marker = "2147483647"
    head, tail = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


# A row of the list, written here for each of the page's participants, its
# values escaped as the template's autoescaping did (html.escape, quotes too).
ROW = (
    '<li class="list-group-item d-flex flex-wrap align-items-center gap-2'
    ' caseload-row"><div class="flex-grow-1 min-w-0">'
    '<a class="fw-semibold tap-link" href="{}">{}</a> '
    '<span class="badge text-bg-light border ms-1">{}</span>'
    '<div class="small text-body-secondary">{} · {}{}</div></div>{}</li>'
)
NO_CONTACT = '<span class="text-danger-emphasis">No contact yet</span>'
OPEN_ACTIONS = '<span class="text-warning-emphasis">{} open action{}</span>'
LOG_CONTACT = (
    '<a class="btn btn-primary btn-tap" href="{}"'
    ' aria-label="Log contact with {}">Log contact</a>'
)


class _TranslatedOnce:
    """One of timesince's units ("%(num)d days"), each number of it translated
    once a page: the lazy string looked up the active catalogue on every use,
    half of what timesince cost on the page's 25 rows."""

    def __init__(self, unit) -> None:
        self.unit, self.texts = unit, {}

    def __mod__(self, values: dict) -> str:
        number = values["num"]
        if number not in self.texts:
            self.texts[number] = self.unit % values
        return self.texts[number]


def caseload_markup(page: Page, user: User, whole_partner: bool) -> SafeString:
    """Return the page's rows as markup: name and stage, last contact, open
    actions, keyworker (when not the user's own), and a link to log a contact.

    Through the template language each row cost a dozen lookups, an if per part
    and an escape per value (~2 ms of the page, and before that its filters as
    much again): here a row is one format() of escaped pieces, its last contact
    written as the date and timesince filters wrote it, and what many rows share
    (a stage's label, a month's name, a keyworker's name) worked out once.
    """
    detail, log_contact = (
        pk_url("caseload:participant-detail"),
        pk_url("caseload:log-contact"),
    )
    stages = {value: escape(label) for value, label in PathwayStage.choices}
    months: dict[int, str] = {}
    keyworkers: dict[int, str] = {}
    units = {name: _TranslatedOnce(unit) for name, unit in TIME_STRINGS.items()}
    now = timezone.now()
    rows = []
    for p in page:
        name = escape(p.display_name)
        last_contact = p.last_contact_at
        if last_contact:
            local = timezone.localtime(last_contact)
            if local.month not in months:
                months[local.month] = MONTHS_3[local.month].title()
            on = f"{local.day} {months[local.month]} {local.year}"
            since = timesince(last_contact, now, time_strings=units)
            contact = escape(f"Last contact {on} ({since} ago)")
        else:
            contact = NO_CONTACT
        count = p.open_action_count
        actions = (
            OPEN_ACTIONS.format(count, "" if count == 1 else "s")
            if count
            else "no open actions"
        )
        keyworker = ""
        if whole_partner or p.keyworker_id != user.pk:
            if p.keyworker_id not in keyworkers:
                keyworkers[p.keyworker_id] = f" · {escape(str(p.keyworker))}"
            keyworker = keyworkers[p.keyworker_id]
        stage = stages.get(p.pathway_stage) or escape(p.pathway_stage)
        log = (
            LOG_CONTACT.format(escape(log_contact(p.pk)), name)
            if p.pathway_stage != PathwayStage.EXITED
            else ""
        )
        rows.append(
            ROW.format(
                escape(detail(p.pk)), name, stage, contact, actions, keyworker, log
            )
        )
    # Every value in them was escaped above.
    return mark_safe("".join(rows))  # noqa: S308


OPTION = '<option value="{}"{}>{}</option>'


def _options(choices: Iterable[tuple[str, Any]], selected: str | None) -> SafeString:
    """Return `choices` as a select's options, the one whose value is `selected`
    marked, each escaped as the template's autoescaping did."""
    options = [
        OPTION.format(
            escape(value), " selected" if value == selected else "", escape(str(label))
        )
        for value, label in choices
    ]
    # Every value and label in them was escaped above.
    return mark_safe("".join(options))  # noqa: S308


def filter_options(form: CaseloadFilterForm, sort: str) -> dict[str, SafeString]:
    """Return the options of each of the filter form's selects, each marked as
    chosen when the request asked for it (the sort, when it asked for none:
    by name).

    Through the template language each option was a lookup, a comparison and
    two escapes: a twentieth of the page for its twenty options.
    """
    fields = form.fields
    options = {
        "stage": _options(fields["stage"].choices, form["stage"].value()),
        "no_contact_days": _options(
            fields["no_contact_days"].choices, str(form["no_contact_days"].value())
        ),
        "sort": _options(fields["sort"].choices, sort),
    }
    if "keyworker" in fields:
        options["keyworker"] = _options(
            ((str(worker.pk), worker) for worker in fields["keyworker"].queryset),
            str(form["keyworker"].value()),
        )
    return options


@rule_required(policy.is_partner_staff)
def my_caseload(request: HttpRequest) -> HttpResponse:
    """List the participants the user works with (a manager: the whole partner)."""
    form = CaseloadFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    asked = request.GET.get("page")
    page = None
    if _asks_for_first_page(asked):
        page = prepared_first_page(request.user, filters)
    if page is None:
        participants = listed(Participant.objects.visible_to(request.user))
        paginator = Paginator(filter_caseload(participants, filters), PAGE_SIZE)
        page = paginator.get_page(asked)
    whole_partner = policy.sees_whole_partner_caseload(request.user)
    context = {
        "form": form,
        "page": page,
        "whole_partner": whole_partner,
        "rows": caseload_markup(page, request.user, whole_partner),
        "options": filter_options(form, filters.get("sort") or "name"),
        # Read once per request and shared with the scope of the list above.
        "covering_for": request.user.covered_today(),
    }
    return render(request, "caseload/my_caseload.html", context)
