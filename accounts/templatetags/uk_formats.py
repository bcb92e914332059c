"""`{% load uk_formats %}`: figures written as a UK reader expects."""

from django import template

from accounts import formats

register = template.Library()


@register.filter
def hours(value) -> str:
    """37.0 -> 37, 37.5 -> 37.5."""
    return formats.hours(value)


@register.filter
def recorded_value(value) -> str:
    """An audit log's None (or blank) -> "—"."""
    return formats.recorded_value(value)
