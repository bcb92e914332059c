"""The Celery app: configured from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("keywork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="keywork.ping")
def ping() -> str:
    """Answer "pong": proves a broker and a worker are round-tripping."""
    return "pong"
