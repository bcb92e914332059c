"""Fault tests are bounded in time: each is stopped after a fixed budget.

Every wait inside them has its own deadline too; this is the backstop. The alarm
raises in the test, so its `finally` blocks and fixtures still stop the servers.
"""

import signal

import pytest

BUDGET_SECONDS = 420


class OverBudget(Exception):
    pass


@pytest.fixture(autouse=True)
def _time_budget(request):
    seconds = getattr(request.module, "BUDGET_SECONDS", BUDGET_SECONDS)

    def stop(signum, frame):
        raise OverBudget(f"{request.node.name} ran over its {seconds} s budget")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
