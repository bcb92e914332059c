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


def test_the_rows_markup_links_counted_cells_and_hides_small_ones_unless_named():
    figure = Figure(
        "retention", "Still in work", "retention", ["Milestone", "n", "m", "share"],
        [["Started & <ended>", "7", "<5", "50.0%"]],
        links={(0, 1): "started.with.reached", (0, 2): "started.with.lost_contact"},
    )  # fmt: skip
    url = reverse("reporting:figure-records", args=["retention", "cell"])
    url = url.removesuffix("cell/")
    title = 'title="Open the records behind this number"'

    shown = figure.table_markup("partner=4&gender=female", named=False)
    named = figure.table_markup("", named=True)

    assert shown == (
        '<tr><th scope="row" class="fw-normal">Started &amp; &lt;ended&gt;</th>'
        f'<td class="text-end"><a class="figure-link" href="{url}started.with.reached/'
        f'?partner=4&amp;gender=female" {title}>7</a></td>'
        '<td class="text-end">&lt;5</td>'
        '<td class="text-end">50.0%</td></tr>'
    )
    assert (
        f'<a class="figure-link" href="{url}started.with.lost_contact/" {title}>'
        "&lt;5</a>"
    ) in named
