"""Who holds what: the registry that lets responsibility move whole.

caseload may not import inwork_support or employers, yet their rows follow who
is responsible for a participant (check-ins) or what a worker holds (go-to
roles, employer threads). Each app registers, in its `ready()`:

- a handler `on_responsibility_change`, called inside caseload's transaction
  whenever a participant's keyworker or in-work support officer changes;
- its `Holding`s: the rows a worker holds, listed for a handover's preview and
  moved by its confirm (`caseload.services.hand_over_everything`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Participant


Handler = Callable[..., None]
_handlers: list[Handler] = []


def on_responsibility_change(handler: Handler) -> Handler:
    """Call `handler(participant=, old_keyworker=, old_officer=, changed_by=)`.

    It runs on every change of keyworker or officer, after the participant is
    saved (so `participant` holds the new ones). The same shape as
    `caseload.services.pathway.on_participant_exit`: register once, in
    AppConfig.ready.
    """
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def responsibility_changed(
    *,
    participant: Participant,
    old_keyworker: User,
    old_officer: User | None,
    changed_by: User | None,
) -> None:
    """Run every registered handler, in registration order."""
    for handler in _handlers:
        handler(
            participant=participant,
            old_keyworker=old_keyworker,
            old_officer=old_officer,
            changed_by=changed_by,
        )


@dataclass(frozen=True)
class Holding:
    """One kind of thing a worker holds, e.g. "Go-to person for employers".

    `held(worker)` lists the rows (as strings, for the preview); `hand_over`
    moves them from `worker` to `to_worker` and returns how many moved. `order`
    sets the sequence: participants move first, so what follows them (their
    check-ins) has already moved when leftovers are swept up.
    """

    label: str
    held: Callable[[User], list[str]]
    hand_over: Callable[..., int]
    order: int = 50


_holdings: dict[str, Holding] = {}


def register_holding(holding: Holding) -> Holding:
    """Register (or replace, by label) a kind of thing a worker may hold."""
    _holdings[holding.label] = holding
    return holding


def holdings() -> list[Holding]:
    """Return the registered holdings in the order they are handed over."""
    return sorted(_holdings.values(), key=lambda holding: holding.order)
