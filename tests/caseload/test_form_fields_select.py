"""Selects written flat by |as_field are byte for byte what Django's templates write."""

import pytest
from django import forms

from caseload.templatetags.form_fields import as_field


class Choices(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "Pick one"), ("a&b", 'A <b>"bold"</b>'), ("c", "C")],
        help_text="Help",
    )
    grouped = forms.ChoiceField(
        choices=[("x", "X"), ("Group <1>", [("g1", "G1"), ("g2", "G2")])]
    )
    several = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two")])
    maybe = forms.NullBooleanField()
    styled = forms.ChoiceField(
        choices=[("r", "Red")], widget=forms.Select(attrs={"data-x": "1"})
    )


class OwnTemplate(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "a&b", "grouped": "g2", "several": ["1", "2"], "maybe": "true"}],
    ids=["blank", "chosen"],
)
def test_each_select_is_written_as_django_writes_it(data):
    form = Choices(data)
    for name in form.fields:
        field = form[name]
        flat = str(as_field(field))
        widget = str(field.as_widget(attrs={"class": "x"}))
        start = flat.index("<select")
        written = flat[start : flat.index("</select>") + len("</select>")]
        expected = widget.replace('class="x"', _classes(written))
        assert written == expected, name


def _classes(written: str) -> str:
    return written[
        written.index("class=") : written.index('"', written.index("class=") + 7) + 1
    ]


def test_a_select_with_templates_of_its_own_renders_through_them():
    class Form(forms.Form):
        odd = forms.ChoiceField(choices=[("a", "A")], widget=OwnTemplate)

    assert 'type="select"' in str(as_field(Form()["odd"]))
