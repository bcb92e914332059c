"""Caseload tests run Celery tasks in the test's own process, as the worker would.

Nothing is sent to a real broker (where a worker outside the test could take it),
and a task enqueued on commit has finished when the request returns.
"""

import pytest

from config.celery import app


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
