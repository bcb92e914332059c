"""Audit entries that auditlog's signals cannot see: conditional updates and reads.

Every app writes through here, so it sits in accounts, which every app imports.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import pre_save

from .models import User

# What a read was, in the ACCESS entry's additional data ("read" key).
SUBJECT_ACCESS_EXPORT = "subject access export"


def audited_update(
    rows: models.QuerySet, /, *, actor: User | None = None, **fields: Any
) -> int:
    """Update `rows` as `rows.update(**fields)` does, and audit each changed row.

    1. The rows still matching the caller's condition are locked and read: a
       racing caller waits here, then finds they no longer match, so a claim
       (`filter(pk=pk, closed_at=None)`) still has exactly one winner.
    2. Those rows are updated, under the same condition.
    3. Each row's old and new values (auditlog's own diff, so the model's
       registered exclusions hold) become one UPDATE entry, by `actor` or else
       the signed-in user of the request.
    """
    with transaction.atomic():
        old = list(rows.select_for_update())
        if not old:
            return 0
        pks = [row.pk for row in old]
        count = rows.filter(pk__in=pks).update(**fields)
        model = rows.model
        # SQLite has no row locks: there a racing claim can read the row and
        # then update nothing, and it must not say it did.
        if count and auditlog.contains(model) and not auditlog_disabled.get():
            after = _after(model, old, fields)
            _log(model, list(zip(old, after, strict=True)), list(fields), actor)
    return count


def audited_bulk_update(
    objs: Sequence[models.Model], fields: Sequence[str], *, actor: User | None = None
) -> int:
    """Save `fields` of `objs` as bulk_update() does, and audit each changed row."""
    if not objs:
        return 0
    model = type(objs[0])
    old = model._base_manager.only(*fields).in_bulk([obj.pk for obj in objs])
    count = model._base_manager.bulk_update(objs, fields)
    _log(model, [(old[obj.pk], obj) for obj in objs], fields, actor)
    return count


def audited_bulk_create(
    objs: Iterable[models.Model], *, actor: User | None = None
) -> list[models.Model]:
    """Insert `objs` as bulk_create() does, and audit each as created."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    created = model._base_manager.bulk_create(objs)
    _log(model, [(None, obj) for obj in created], None, actor)
    return created


def _log(
    model: type[models.Model],
    pairs: list[tuple[models.Model | None, models.Model]],
    fields: Sequence[str] | None,
    actor: User | None,
) -> None:
    if not auditlog.contains(model) or auditlog_disabled.get():
        return
    action = LogEntry.Action.UPDATE if fields else LogEntry.Action.CREATE
    entries = []
    for before, after in pairs:
        changes = model_instance_diff(
            before,
            after,
            fields_to_check=fields,
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )
        if changes:
            entries.append(_entry(after, action, actor, changes=changes))
    LogEntry.objects.bulk_create(entries)


def _after(
    model: type[models.Model], old: list[models.Model], fields: dict[str, Any]
) -> list[models.Model]:
    # The new values in one query (expressions such as F("version") + 1 are
    # only known once written), set on copies of the rows as read: the copies
    # keep what was already loaded, so naming them in the trail costs no query.
    names = [model._meta.get_field(name).attname for name in fields]
    values = model._base_manager.only(*fields).in_bulk([row.pk for row in old])
    result = []
    for row in old:
        after = copy.copy(row)
        for name in names:
            setattr(after, name, getattr(values[row.pk], name))
        result.append(after)
    return result


def record_access(
    instances: Iterable[models.Model] | models.Model,
    /,
    *,
    actor: User | None,
    read: str,
    **details: Any,
) -> None:
    """Record that `actor` read `instances`: what was read and how, in one insert.

    `read` names the page or export ("contact page", "export"); `details` say
    which one and with what filters. Pages a participant's record leads to land
    on that participant's audit trail.
    """
    if isinstance(instances, models.Model):
        instances = [instances]
    data = {"read": read, **details}
    LogEntry.objects.bulk_create(
        _entry(instance, LogEntry.Action.ACCESS, actor, data=data)
        for instance in instances
    )


def describe(entry: LogEntry) -> str:
    """Return what an entry records, in words for the audit page."""
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    if entry.action != LogEntry.Action.ACCESS:
        return entry.get_action_display().capitalize()
    read = data.get("read")
    if read == SUBJECT_ACCESS_EXPORT:
        return f"Subject access export ({data.get('format', 'page')})"
    if read is None:
        return "Page opened"
    extra = ", ".join(
        f"{key}: {value}" for key, value in data.items() if key != "read" and value
    )
    return f"Read: {read}" + (f" ({extra})" if extra else "")


def _entry(
    instance: models.Model,
    action: int,
    actor: User | None,
    *,
    changes: dict | None = None,
    data: dict | None = None,
) -> LogEntry:
    pk = instance.pk
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(instance),
        object_pk=str(pk),
        object_id=pk if isinstance(pk, int) else None,
        object_repr=str(instance),
        action=action,
        changes=changes,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        cid=get_cid(),
        additional_data=data,
    )
    # bulk_create sends no pre_save, and AuditlogMiddleware's receiver listens on
    # it only during a request, filling in the signed-in user (unless `actor` is
    # given) and their address: send it, so bulk entries match saved ones.
    pre_save.send(sender=LogEntry, instance=entry, raw=False, using=None)
    return entry
