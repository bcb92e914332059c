"""`{{ form.field|as_field }}`: a field as crispy-bootstrap5 writes it, written flat.

crispy renders one field through about ten nested templates, and the widget
through Django's form renderer: on the log-contact form that was most of the
page's 6 ms of template time. This writes the same markup directly: the label
(with the required asterisk), the widget with crispy's classes, the errors and
help text after it, and the aria-invalid and aria-describedby joining them, so
forms read, submit and fail validation exactly as before. Selects are written as
Django's own templates write them; a select with templates of its own still
renders through its widget.
"""

from __future__ import annotations

import html
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The classes crispy-bootstrap5 adds to each kind of widget.
CHECK, SELECT, CONTROL = "form-check-input", "form-select", "form-control"


def _escape(value: Any) -> str:
    """Return `value` escaped as conditional_escape does, without its lazy wrapper.

    Django's escape() checks each argument for a lazy string on every call; the
    log-contact form escapes ~300 values, and that check was ~0.5 ms a page.
    """
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _html(template: str, *args: Any) -> SafeString:
    """As format_html(template, *args): the arguments escaped, the result safe."""
    return mark_safe(template.format(*map(_escape, args)))  # noqa: S308 - escaped


@register.filter
def as_field(field: BoundField) -> SafeString:
    """Return `field` as a Bootstrap 5 form group: label, widget, errors, help."""
    widget = field.field.widget
    if field.is_hidden:
        return _widget(field, {})
    if isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple
        return _choices(field)
    if isinstance(widget, forms.CheckboxInput):
        return _html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}{}</div></div>',
            field.auto_id,
            _css_classes(field),
            _widget(field, {"class": _class(field, CHECK)}),
            field.id_for_label,
            _required_class(field),
            field.label,
            _asterisk(field),
            _errors(field),
            _help(field),
        )
    kind = SELECT if isinstance(widget, forms.Select) else CONTROL
    label = ""
    if field.label:
        label = _html(
            '<label{} class="form-label{}">{}{}</label>',
            _html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            _required_class(field),
            field.label,
            _asterisk(field),
        )
    return _html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        _css_classes(field),
        label,
        _widget(field, {"class": _class(field, kind)}),
        _errors(field),
        _help(field),
    )


def _choices(field: BoundField) -> SafeString:
    """Checkboxes or radios in a fieldset, its legend the field's label.

    The errors go inside the last option's box, after its input: Bootstrap shows
    .invalid-feedback only after an .is-invalid sibling.
    """
    widget = field.field.widget
    attrs = field.build_widget_attrs({"id": widget.attrs.get("id") or field.auto_id})
    invalid = " is-invalid" if field.errors else ""
    options = [
        option
        for _group, group_options, _index in widget.optgroups(
            field.html_name, widget.format_value(field.value()), attrs
        )
        for option in group_options
    ]
    boxes = [
        _html(
            '<div class="form-check"><input type="{}" class="form-check-input{}" '
            'name="{}" value="{}"{}><label for="{}" class="form-check-label">{}</label>'
            "{}</div>",
            option["type"],
            invalid,
            field.html_name,
            option["value"],
            _attrs(option["attrs"]),
            option["attrs"].get("id", ""),
            option["label"],
            _errors(field) if n == len(options) else "",
        )
        for n, option in enumerate(options, start=1)
    ]
    described = field.aria_describedby
    return _html(
        '<div id="div_{}" class="mb-3{}"><fieldset{}><legend class="form-label{} fs-6">'
        "{}{}</legend><div>{}</div>{}</fieldset></div>",
        field.auto_id,
        _css_classes(field),
        _html(' aria-describedby="{}"', described) if described else "",
        _required_class(field),
        field.label,
        _asterisk(field),
        mark_safe("".join(boxes)),  # noqa: S308 - each box is built by _html
        _help(field),
    )


def _widget(field: BoundField, attrs: dict) -> SafeString:
    """Render the widget as BoundField.as_widget would, inputs without templates."""
    widget = field.field.widget
    if not isinstance(widget, forms.widgets.Input | forms.Textarea) and not _plain(
        widget
    ):
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if isinstance(widget, forms.Select):
        return _select(context)
    if isinstance(widget, forms.Textarea):
        return _html(
            '<textarea name="{}"{}>\n{}</textarea>',
            context["name"],
            _attrs(context["attrs"]),
            context["value"] or "",
        )
    value = context["value"]
    return _html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        _html(' value="{}"', value) if value is not None else "",
        _attrs(context["attrs"]),
    )


def _plain(widget: forms.Widget) -> bool:
    """Whether `widget` is a select Django writes with its own two templates.

    Two selects on the portal home's message form took a third of its template
    time through them; a widget with templates of its own still renders through
    them.
    """
    return (
        isinstance(widget, forms.Select)
        and widget.template_name == forms.Select.template_name
        and widget.option_template_name == forms.Select.option_template_name
    )


def _select(context: dict) -> SafeString:
    """Write a select as Django's select.html and select_option.html do, byte for byte.

    Each option keeps the newline its included template ends with.
    """
    parts = [_html('<select name="{}"', context["name"]), _attrs(context["attrs"]), ">"]
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(_html('\n  <optgroup label="{}">', group_name))
        parts.extend(
            _html(
                '\n  <option value="{}"{}>{}</option>\n',
                str(option["value"]),
                _attrs(option["attrs"]),
                option["label"],
            )
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - each piece is escaped above


def _attrs(attrs: dict) -> SafeString:
    """Write attributes as Django's attrs.html does: True bare, False left out."""
    return mark_safe(  # noqa: S308 - names and values escaped
        "".join(
            f" {_escape(name)}"
            if value is True
            else f' {_escape(name)}="{_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _class(field: BoundField, kind: str) -> str:
    """The widget's classes as crispy sets them: its own, its type's, Bootstrap's."""
    widget = field.field.widget
    name = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "")
    if not classes:
        classes = name
    elif name not in classes:
        classes += f" {name}"
    for extra in (kind, "is-invalid") if field.errors else (kind,):
        if extra not in classes.split():
            classes += f" {extra}"
    return classes


def _errors(field: BoundField) -> SafeString:
    if not field.errors:
        return mark_safe("")
    return _html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.auto_id,
        mark_safe(  # noqa: S308 - each error is built by _html
            "".join(
                _html(
                    '<p id="error_{}_{}"><strong>{}</strong></p>', n, field.auto_id, e
                )
                for n, e in enumerate(field.errors, 1)
            )
        ),
    )


def _help(field: BoundField) -> SafeString:
    if not field.help_text:
        return mark_safe("")
    # Help text is the code's own, and may hold markup: crispy marks it safe too.
    return _html(
        '<div{} class="form-text">{}</div>',
        _html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
        mark_safe(field.help_text),  # noqa: S308 - the code's own text, as crispy
    )


def _css_classes(field: BoundField) -> str:
    classes = field.css_classes()
    return f" {classes}" if classes else ""


def _required_class(field: BoundField) -> str:
    return " requiredField" if field.field.required else ""


def _asterisk(field: BoundField) -> SafeString:
    if not field.field.required:
        return mark_safe("")
    return mark_safe('<span class="asteriskField">*</span>')
