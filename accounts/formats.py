"""How figures are written for UK readers, shared by templates and services."""

import re
from decimal import Decimal


def hours(value: Decimal | float | int | None) -> str:
    """Return hours as people write them: 37, 37.5, never 37.0 or 37.50."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(str(value)):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# How an audit log writes "no value": None, blank, or an unsaved relation's manager.
NO_VALUE = re.compile(r"None|\w+\.\w+\.None|")


def recorded_value(value: object) -> str:
    """Return a value as recorded in the audit log, with "no value" as a dash."""
    text = "" if value is None else str(value)
    return "—" if NO_VALUE.fullmatch(text) else text
