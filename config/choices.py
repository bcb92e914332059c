"""Choice fields whose fixed choices each form's copy shares instead of copying.

Every form instance deep-copies its declared fields. For a choice field Django
copies the choices, then normalises them again for the copied widget: 60-90 µs
a field on the benchmark machine, against ~10 µs for a text field, and the
log-contact form (with its in-work questions) has six such fields on every
GET and POST. Choices fixed when the form class is declared (an enumeration's)
are the same for every instance, so the copies share them. A form that needs
other choices assigns new ones (`form.fields[name].choices = ...`), as it would
anyway; never change a shared list in place.
"""

from __future__ import annotations

from typing import Any

from django import forms


class SharedChoicesMixin:
    """Copy the field as Field does and its widget as Widget does: the widget's
    attributes copied, the field's and the widget's choices shared."""

    def __deepcopy__(self, memo: dict[int, Any]) -> forms.Field:
        widget = self.widget
        memo[id(widget)] = forms.Widget.__deepcopy__(widget, memo)
        return forms.Field.__deepcopy__(self, memo)


class FixedChoiceField(SharedChoicesMixin, forms.ChoiceField):
    """A ChoiceField whose declared choices its copies share."""


class FixedMultipleChoiceField(SharedChoicesMixin, forms.MultipleChoiceField):
    """A MultipleChoiceField whose declared choices its copies share."""
