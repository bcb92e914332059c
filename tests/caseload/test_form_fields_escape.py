"""|as_field escapes as format_html does, without Django's per-call lazy check."""

import pytest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from caseload.templatetags.form_fields import _attrs, _escape, _html

VALUES = [
    'a "quoted" <b>&\'',
    mark_safe("<em>kept</em>"),
    gettext_lazy("Topics & <notes>"),
    42,
    None,
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_escape_is_conditional_escape(value):
    assert _escape(value) == conditional_escape(value)


def test_html_is_format_html():
    made = _html('<p title="{}">{}{}</p>', *VALUES[:3])

    assert made == format_html('<p title="{}">{}{}</p>', *VALUES[:3])
    assert isinstance(made, SafeString)


def test_attrs_write_true_bare_skip_false_and_escape_values():
    written = _attrs({"required": True, "hidden": False, "title": 'say "hi" <b>'})

    assert written == ' required title="say &quot;hi&quot; &lt;b&gt;"'
    assert isinstance(written, SafeString)
