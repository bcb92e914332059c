"""Participant data is declared once, and no model that leads to a participant is
left out of the declarations that audit, subject access and retention read."""

from importlib import util

import pytest
from auditlog.registry import auditlog
from django.apps import apps
from django.db import models

from accounts.participant_data import Linked
from caseload.models import Participant
from records import data


def models_leading_to_participant() -> set[type[models.Model]]:
    """Walk every installed model's relations: those with a path to Participant."""
    leading = {Participant}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model not in leading and any(
                field.related_model in leading
                for field in model._meta.get_fields()
                if field.concrete and field.is_relation
            ):
                leading.add(model)
                grew = True
    return leading


def end_of(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__"):
        if name != "pk":
            model = model._meta.get_field(name).related_model
    return model


def test_every_model_with_a_path_to_a_participant_is_declared():
    declared = {held.model for held in data.linked()}

    missing = models_leading_to_participant() - declared

    assert not missing, (
        f"Declare {sorted(m._meta.label for m in missing)} in their app's "
        "participant_data.py: what subject access exports and retention clears."
    )


@pytest.mark.parametrize("held", data.linked(), ids=lambda h: h.model._meta.label)
def test_each_declared_path_ends_at_the_participant(held):
    assert end_of(held.model, held.path) is Participant


@pytest.mark.parametrize("held", data.declarations(), ids=lambda h: h.model._meta.label)
def test_each_field_to_clear_exists(held):
    names = held.clear if isinstance(held, Linked) else held.fields

    for name in names:
        assert held.model._meta.get_field(name).concrete


@pytest.mark.parametrize("held", data.linked(), ids=lambda h: h.model._meta.label)
def test_audit_registration_follows_the_declaration(held):
    assert auditlog.contains(held.model) is held.audited


def test_every_app_with_a_declaration_is_collected():
    with_module = {
        f"{config.name}.participant_data"
        for config in apps.get_app_configs()
        if util.find_spec(f"{config.name}.participant_data") is not None
    }

    assert with_module == set(data.MODULES)
