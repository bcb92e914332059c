"""Validators shared by the apps' models and forms."""

import unicodedata

from django.core.exceptions import ValidationError


def validate_single_line(value: str) -> None:
    """Refuse a newline, tab or other control character in a name.

    Names reach email subjects, where Django refuses a header holding a newline
    (header injection), and CSV and page headings, where one breaks the line.
    """
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in value):
        raise ValidationError(
            "Use one line of ordinary text: remove line breaks, tabs and other "
            "hidden characters.",
            code="control_character",
        )


def header_safe(text: str) -> str:
    """Return `text` on one line with no control characters, for an email header."""
    return " ".join(
        "".join(
            " " if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char
            for char in text
        ).split()
    )
