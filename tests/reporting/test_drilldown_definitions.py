"""Every figure's drill-down says what its number counts: the definition its
Figure names, which need not share the figure's slug ("outcomes" is defined as
"funder_outcomes")."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from reporting import drilldown
from reporting.metrics import METRICS, Filters
from reporting.metrics.figures import figure

pytestmark = pytest.mark.django_db


def test_each_drilldown_names_its_figures_definition():
    filters = Filters.last_year(datetime.date(2026, 3, 20))

    assert set(drilldown.REGISTRY) >= {"retention", "outcomes"}
    for slug, drill in drilldown.REGISTRY.items():
        assert drill.metric == figure(slug, filters).metric, slug
        assert drill.metric in METRICS, slug


@pytest.mark.parametrize(
    ("slug", "cell", "metric"),
    [
        ("retention", "six_months.with.reached", "retention"),
        ("outcomes", "engaged", "funder_outcomes"),
    ],
)
@pytest.mark.parametrize("role", ["partner_manager", "programme_manager"])
def test_the_drilldown_page_shows_the_definition(
    client, request, role, slug, cell, metric
):
    client.force_login(request.getfixturevalue(role))

    page = client.get(reverse("reporting:figure-records", args=[slug, cell]))

    text = page.content.decode()
    assert "What this number counts" in text
    assert escape(METRICS[metric].definition) in text
    assert f'{reverse("reporting:definitions")}#{metric}"' in text
