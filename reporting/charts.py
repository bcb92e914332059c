"""Bar and line charts drawn as inline SVG on the server: no script, no CDN.

Each chart carries a <title> and <desc> for screen readers, and its table sits
beneath it on the page. A value of None is a suppressed small number: no bar or
point is drawn, only its label (for instance "<5").
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from django.utils.html import conditional_escape as escape
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320  # about a phone's width in CSS pixels: text stays near true size
CHAR = 8.5  # rough width of one bold character of the value labels
COLOURS = ["#0b5ed7", "#d9480f", "#2b8a3e"]  # blue, orange, green: tell apart in grey
LABEL_ROW = 20
BAR = 17
GAP = 10
_ids = count(1)


@dataclass
class Series:
    name: str
    values: list[float | None]
    labels: list[str]  # what is written at the end of each bar or point


def _open(title: str, desc: str, height: float) -> tuple[str, str]:
    uid = f"chart-{next(_ids)}"
    head = format_html(
        '<svg class="kw-chart" width="100%" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-t {}-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>',
        WIDTH,
        round(height),
        uid,
        uid,
        uid,
        title,
        uid,
        desc,
    )
    return head, uid


def _legend(series: list[Series], y: float) -> str:
    parts, x = [], 0
    for colour, item in zip(COLOURS, series, strict=False):
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}" font-size="14" fill="#212529">{}</text>',
                x,
                y,
                colour,
                x + 16,
                y + 11,
                item.name,
            )
        )
        x += 24 + 7.5 * len(item.name)
    return "".join(parts)


# A bar chart's pieces, repeated per category and series: only their text is
# escaped (as format_html would), not each number (a dashboard draws 30 bars).
CATEGORY = '<text x="0" y="{}" font-size="14" fill="#212529">{}</text>'
BAR_RECT = '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>'
BAR_LABEL = (
    '<text x="{}" y="{}" font-size="13" font-weight="600" '
    'fill="{}" text-anchor="{}">{}</text>'
)


def bar_chart(
    *,
    title: str,
    desc: str,
    categories: list[str],
    series: list[Series],
    maximum: float | None = None,
    target: float | None = None,
    target_label: str = "",
) -> SafeString:
    """Return horizontal bars, one group per category, labels above the bars.

    Labels sit above rather than beside the bars so long names stay readable on
    a phone-width screen.
    """
    values = [v for s in series for v in s.values if v is not None]
    top = max([maximum or 0, target or 0, *values, 1])
    legend = LABEL_ROW + 6 if len(series) > 1 else 0
    group = LABEL_ROW + len(series) * (BAR + 2) + GAP
    height = legend + group * len(categories) + (LABEL_ROW if target else 0) + 4
    head, _uid = _open(title, desc, height)
    body = [_legend(series, 0)] if legend else []
    span = WIDTH - 50  # room for a short value written after the longest bar
    for i, category in enumerate(categories):
        y = legend + i * group
        body.append(CATEGORY.format(y + 13, escape(category)))
        for j, item in enumerate(series):
            value, label = item.values[i], item.labels[i]
            bar_y = y + LABEL_ROW + j * (BAR + 2)
            width = 0.0 if value is None else max(span * value / top, 1 if value else 0)
            if width:
                colour = COLOURS[j % len(COLOURS)]
                body.append(BAR_RECT.format(bar_y, round(width, 1), BAR, colour))
            # A label that would run off the edge goes inside the end of its bar.
            inside = width + 4 + CHAR * len(label) > WIDTH
            body.append(
                BAR_LABEL.format(
                    round(width - 4 if inside else width + 4, 1),
                    bar_y + 13,
                    "#fff" if inside else "#212529",
                    "end" if inside else "start",
                    escape(label),
                )
            )
    if target:
        x = round(span * target / top, 1)
        bottom = height - LABEL_ROW
        body.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#212529" '
                'stroke-width="2" stroke-dasharray="5 3"/>'
                '<text x="{}" y="{}" font-size="14" fill="#212529" '
                'text-anchor="middle">{}</text>',
                x,
                legend,
                x,
                bottom,
                x,
                bottom + 14,
                target_label,
            )
        )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 (parts escaped)


def line_chart(
    *, title: str, desc: str, categories: list[str], series: list[Series]
) -> SafeString:
    """Return a line chart over `categories` (months), with a light grid."""
    left, right, top_pad, bottom = 40, 6, 10, 40
    height = 220
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    values = [v for s in series for v in s.values if v is not None]
    top = _nice(max([*values, 1]))
    head, _uid = _open(title, desc, height)
    body = []
    for step in range(6):  # five intervals: round steps for any _nice() top
        value = top * step / 5
        y = top_pad + plot_h - plot_h * step / 5
        body.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dee2e6"/>'
                '<text x="{}" y="{}" font-size="14" fill="#212529" '
                'text-anchor="end">{}</text>',
                left,
                round(y, 1),
                WIDTH - right,
                round(y, 1),
                left - 4,
                round(y + 4, 1),
                f"{value:g}",
            )
        )
    n = max(len(categories) - 1, 1)
    every = max(1, -(-(len(categories) - 1) // 3))  # at most four labels

    def x_at(i: int) -> float:
        return round(left + plot_w * i / n, 1)

    for i, category in enumerate(categories):
        if i % every == 0:
            anchor = "start" if i == 0 else "end" if i == n else "middle"
            body.append(
                format_html(
                    '<text x="{}" y="{}" font-size="14" fill="#212529" '
                    'text-anchor="{}">{}</text>',
                    x_at(i),
                    height - bottom + 18,
                    anchor,
                    category,
                )
            )
    for j, item in enumerate(series):
        colour = COLOURS[j % len(COLOURS)]
        points = [
            f"{x_at(i)},{round(top_pad + plot_h - plot_h * v / top, 1)}"
            for i, v in enumerate(item.values)
            if v is not None
        ]
        body.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                " ".join(points),
                colour,
            )
        )
        for point in points:
            x, y = point.split(",")
            body.append(
                format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', x, y, colour)
            )
    if len(series) > 1:
        body.append(_legend(series, height - 16))
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 (parts escaped)


def _nice(value: float) -> float:
    """Return a round number at or above `value`, for the top of an axis."""
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value
