"""The demo programme: two years played through the services, in date order."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import time_machine

from . import acts
from .clock import Script, at
from .contracts import plan_contracts
from .employers import plan_employers
from .history import DAYS, plan_history
from .pathway import plan_pathway
from .people import make_employers, make_staff


@dataclass
class Played:
    participants: int
    events: int


def play_demo() -> Played:
    """Make the cast, queue every storyline, and play them with the clock moving.

    1. Staff and employers are set up before the history starts.
    2. The forty pathway storylines, three hundred history ones and the
       employers' month are queued; beat's sweep of missed check-ins runs
       weekly and once more this morning.
    3. Everything plays in date order, each event at its own moment.
    """
    script = Script()
    opening = at(script.today - datetime.timedelta(days=DAYS + 7), 9)
    with time_machine.travel(opening, tick=False):
        staff = make_staff()
        employers = make_employers(staff)
    people = plan_pathway(script, staff, employers)
    plan_contracts(script, staff, people)
    plan_history(script, staff, employers)
    plan_employers(script, staff, employers)
    script.at(script.now - datetime.timedelta(minutes=5), acts.mark_missed)
    events = script.run()
    return Played(participants=len(people), events=events)
