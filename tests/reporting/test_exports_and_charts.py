"""CSV cells are safe in a spreadsheet; charts are accessible inline SVG."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from config.csv_export import safe_cell
from reporting.charts import Series, bar_chart, line_chart
from tests.factories import EmploymentFactory, ParticipantFactory


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+44 7700", "'+44 7700"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Retail", "Retail"),
        ("<5", "<5"),
        ("Retail - part time", "Retail - part time"),
        ("Care, health", "Care, health"),
        (12, "12"),
        (None, ""),
        # Full-width signs are the same signs once NFKC-normalised.
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0bcmd", "'\uff0bcmd"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("\u3000=1+1", "'\u3000=1+1"),
        ("  =1+1", "'  =1+1"),
        # A spreadsheet splitting on ";" (or ",") would start a new cell there.
        ("Retail;=1+1", "Retail;'=1+1"),
        ("Retail; =1+1", "Retail;' =1+1"),
        ("Retail,\uff1d1+1", "Retail,'\uff1d1+1"),
        ("Retail\n@SUM(A1)", "Retail\n'@SUM(A1)"),
        ("=a;=b", "'=a;'=b"),
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_quoted(value, written):
    assert safe_cell(value) == written


def test_a_long_cell_of_separators_is_made_safe_in_linear_time():
    cell = ";=" * 100_000

    assert safe_cell(cell).count("'") == 100_000


def download(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_a_sector_typed_as_a_formula_downloads_as_text(
    client, programme_manager, keyworker, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, tzinfo=datetime.UTC))
    sectors = ['=HYPERLINK("http://evil.example","Click")', "Retail;=1+1", "\uff1d1+1"]
    for sector in sectors:
        for _ in range(5):
            EmploymentFactory(
                participant=ParticipantFactory(keyworker=keyworker), sector=sector
            )
    client.force_login(programme_manager)

    response = client.get(reverse("reporting:programme-csv", args=["jobs-by-sector"]))

    assert sorted(download(response)[1:4]) == [
        ['\'=HYPERLINK("http://evil.example","Click")', "5"],
        ["'\uff1d1+1", "5"],
        ["Retail;'=1+1", "5"],
    ]
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_every_cell_of_every_csv_is_quoted(client, programme_manager, partner_manager):
    client.force_login(programme_manager)
    programme_csv = client.get(reverse("reporting:programme-csv", args=["outcomes"]))
    client.force_login(partner_manager)
    team_csv = client.get(reverse("reporting:partner-csv"))
    template = client.get(reverse("caseload:import-template"))

    for response in (programme_csv, team_csv, template):
        text = response.content.decode("utf-8-sig")
        lines = [line for line in text.split("\r\n") if line]
        assert response.content.startswith("\ufeff".encode())
        assert lines
        for line in lines:
            cells = next(csv.reader([line]))
            quoted = ['"' + cell.replace('"', '""') + '"' for cell in cells]
            assert line == ",".join(quoted)


def test_a_bar_chart_is_titled_described_and_escaped():
    svg = bar_chart(
        title="Jobs <by> sector",
        desc="Jobs started.",
        categories=["<script>alert(1)</script>", "Care"],
        series=[Series("Jobs", [12, 7], ["12", "7"])],
    )

    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "Jobs &lt;by&gt; sector" in svg
    assert "<desc" in svg
    assert "<script>" not in svg
    assert svg.count("<rect") == 2


def test_a_suppressed_value_draws_no_bar_only_its_label():
    svg = bar_chart(
        title="Outcomes",
        desc="Counts.",
        categories=["A", "B"],
        series=[Series("People", [None, 9], ["<5", "9"])],
    )

    assert svg.count("<rect") == 1
    assert "&lt;5" in svg


def test_grouped_bars_have_a_legend_and_a_target_line():
    svg = bar_chart(
        title="On time",
        desc="Share.",
        categories=["North", "South"],
        series=[
            Series("With", [90.0, 70.0], ["90%", "70%"]),
            Series("Without", [50.0, None], ["50%", "*"]),
        ],
        maximum=100,
        target=80,
        target_label="Standard 80%",
    )

    assert svg.count("<rect") == 2 + 3  # legend swatches, then bars
    assert "Standard 80%" in svg
    assert "stroke-dasharray" in svg


def test_a_line_chart_plots_a_point_per_month():
    months = ["Jan 26", "Feb 26", "Mar 26"]

    svg = line_chart(
        title="Hours",
        desc="Per month.",
        categories=months,
        series=[Series("Hours", [1.5, 3.0, 2.0], [])],
    )

    assert svg.count("<circle") == 3
    assert "<polyline" in svg
    assert all(month in svg for month in months)
