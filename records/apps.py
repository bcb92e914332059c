from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Record-keeping: audit pages, subject access, retention, record checks."""

    name = "records"
