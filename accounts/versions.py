"""Optimistic locking for edit forms: a stale save is refused, the typing kept.

Every record two people may edit has a `version` that each save bumps. Its edit
form carries the version it was opened at (`VersionField`); the owning app's
service saves through `save_if_current`, which refuses a save based on an older
version; the view then re-shows the form with `refuse_stale`, which keeps what
was typed and lists the saved values beside it (`includes/_stale.html`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.utils import dateformat, timezone

M = TypeVar("M", bound=models.Model)


class StaleVersionError(Exception):
    """Someone else saved the record after the form was opened."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(f"{current!r} changed since the form was opened.")
        self.current = current


class VersionField(forms.IntegerField):
    """The version of the record the form was opened at, posted back on save."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        # Not required: a post without it is treated as stale, never as a 400.
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


class VersionedModelForm(forms.ModelForm):
    """A model form that, editing a saved row, carries the row's version."""

    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.initial.setdefault("version", self.instance.version)


def lock(instance: M) -> M:
    """Return `instance`'s row read again under a row lock (until commit)."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def save_locked(current: M, **fields: Any) -> M:
    """Set `fields` on a locked row, bump its version and save it.

    save(), not QuerySet.update(), so the audit log records old and new values.
    """
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    return current


def save_if_current(instance: M, *, version: int | None, **fields: Any) -> M:
    """Save `fields` on `instance`'s row if it is still at `version`.

    1. The row is locked and read again: of two saves from the same version,
       the second waits for the first and then sees the new version.
    2. A different (or missing) version raises StaleVersionError with the row.
    3. Otherwise the fields are saved, audited, and the version bumped; the
       caller's `instance` is brought up to date and returned.
    Call it inside the owning app's service, in its transaction.
    """
    current = lock(instance)
    if version is None or current.version != version:
        raise StaleVersionError(current)
    save_locked(current, **fields)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.version = current.version
    return instance


@dataclass(frozen=True)
class Change:
    """A field whose saved value differs from what the user typed."""

    label: str
    theirs: str
    yours: str


def _shown(value: Any, field: forms.Field) -> str:
    """Return a value as the form's user would read it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return dateformat.format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, datetime.date):
        return dateformat.format(value, "j M Y")
    if isinstance(value, list | tuple | set):
        return ", ".join(_shown(item, field) for item in value)
    if isinstance(field, forms.ChoiceField) and not isinstance(
        field, forms.ModelChoiceField
    ):
        return str(dict(field.choices).get(value, value))
    return str(value)


def _same(typed: Any, saved: Any) -> bool:
    typed, saved = getattr(typed, "pk", typed), getattr(saved, "pk", saved)
    if typed in (None, "") and saved in (None, ""):
        return True
    if isinstance(typed, list | tuple) and isinstance(saved, list | tuple):
        return sorted(map(str, typed)) == sorted(map(str, saved))
    return typed == saved


def stale_changes(
    form: forms.BaseForm, current: models.Model, names: dict[str, str] | None = None
) -> list[Change]:
    """List the form's fields whose saved value in `current` differs from the typed.

    `names` maps a form field to the model attribute it edits, where they differ.
    """
    names = names or {}
    changes = []
    for name, field in form.fields.items():
        attribute = names.get(name, name)
        if isinstance(field, VersionField) or not hasattr(current, attribute):
            continue
        typed = form.cleaned_data.get(name)
        saved = getattr(current, attribute)
        if not _same(typed, saved):
            label = str(field.label or name.replace("_", " ").capitalize())
            changes.append(Change(label, _shown(saved, field), _shown(typed, field)))
    return changes


def refuse_stale(
    form: forms.BaseForm,
    current: models.Model,
    names: dict[str, str] | None = None,
    *,
    version_field: str = "version",
) -> forms.BaseForm:
    """Make `form` show the saved values beside the typed ones, ready to save again.

    The typed data stays; only the hidden version moves on to the saved row's,
    so pressing Save again (after reading theirs) overwrites deliberately.
    `version_field` names the form's hidden field: a plan's form carries the
    revision it was based on (`base_revision`), each save being a new revision.
    """
    form.stale = True
    form.stale_changes = stale_changes(form, current, names)
    data = form.data.copy()
    saved = current.revision if version_field == "base_revision" else current.version
    data[form.add_prefix(version_field)] = saved
    form.data = data
    return form
