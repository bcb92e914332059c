from django.apps import AppConfig


class InworkSupportConfig(AppConfig):
    name = "inwork_support"
