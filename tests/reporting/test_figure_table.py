"""A figure's table links each counted cell to the records behind it."""

import pytest
from django.urls import reverse

from reporting.metrics.figure import Figure


@pytest.mark.parametrize("key", ["started.with.reached", "North & East's 50%", "é ü"])
def test_each_linked_cell_has_the_url_reverse_gives(key):
    figure = Figure(
        "retention", "Still in work", "retention", ["Milestone", "n"],
        [["Started", "7"], ["13 weeks", "3"]], links={(1, 1): key},
    )  # fmt: skip

    (started, weeks) = figure.table()

    assert started == [("Started", "", ""), ("7", "", "")]
    url = reverse("reporting:figure-records", args=["retention", key])
    assert weeks == [("13 weeks", "", ""), ("3", key, url)]
