"""Fixed choice fields: each form's copy shares the declared choices, safely."""

from django import forms

from config.choices import FixedChoiceField, FixedMultipleChoiceField

COLOURS = [("red", "Red"), ("green", "Green")]


class PaintForm(forms.Form):
    colour = FixedChoiceField(choices=COLOURS, widget=forms.RadioSelect)
    extras = FixedMultipleChoiceField(
        choices=COLOURS, required=False, widget=forms.CheckboxSelectMultiple
    )


def test_copies_share_the_declared_choices():
    declared = PaintForm.base_fields["colour"]

    field = PaintForm().fields["colour"]

    assert field is not declared
    assert field.choices is declared.choices
    assert field.widget.choices is declared.widget.choices


def test_choices_assigned_on_one_form_leave_the_others_and_the_class_alone():
    changed = PaintForm()
    changed.fields["colour"].choices = [("blue", "Blue")]

    assert list(PaintForm().fields["colour"].choices) == COLOURS
    assert list(PaintForm().fields["colour"].widget.choices) == COLOURS
    assert list(changed.fields["colour"].widget.choices) == [("blue", "Blue")]


def test_widget_attributes_and_error_messages_are_each_forms_own():
    form = PaintForm()
    form.fields["extras"].widget.attrs["class"] = "changed"
    form.fields["extras"].error_messages["required"] = "changed"

    other = PaintForm().fields["extras"]
    assert "class" not in other.widget.attrs
    assert other.error_messages["required"] != "changed"


def test_they_validate_and_render_as_django_fields_do():
    form = PaintForm({"colour": "green", "extras": ["red", "green"]})

    assert form.is_valid()
    assert form.cleaned_data == {"colour": "green", "extras": ["red", "green"]}
    assert not PaintForm({"colour": "blue"}).is_valid()
    assert 'value="green"' in str(form["colour"])
