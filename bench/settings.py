"""The app's settings, serving bench/urls.py: the app plus a signed-in floor page."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
