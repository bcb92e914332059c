from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo programme, played through every app's services."""

    name = "demo"
