"""The one chart drawing every page uses: server-rendered SVG, several series each.

No script, no external font: the strict CSP allows them, and they print. Colours are SVG presentation
attributes from a palette that stays readable for the common colour-vision deficiencies; a one-series
chart without colours takes site.css's `.bar` instead. Every bar or point carries its value in a
<title>, and each chart sits next to a table with the same numbers. Styled by site.css `.chart` (axes,
gridlines, text). The apps only say what to draw (their `charts.py` turns rows into labels and series):

- `bars`: vertical bars per label, grouped or stacked by series;
- `lines`: one polyline per series;
- `hbars`: horizontal bars, one row per label, stacked by series, the row's total at its end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from . import locales

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, BOTTOM, TOP, LEGEND = 56, 8, 28, 12, 22
ROW = 26  # a horizontal bar's row
CHAR = 7  # a generous width of one character of the 12px label text (site.css `.chart text`)
LABEL_ROOM_MAX = WIDTH // 2  # a horizontal bar chart's labels take at most half its width
# Okabe–Ito palette: distinguishable with protanopia, deuteranopia and tritanopia.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

Series = tuple[str, Sequence[float | None]]
Formatter = Callable[[float], str]


def plain(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    return f"{value:.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:.2f}"


def percent(value: float) -> str:
    """An axis or bar label as the page's language writes a per cent: "12.5%", "12,5 %" in French."""
    return locales.percent(value, 1)


def _open(width: float, height: float, title: str) -> list[str]:
    return [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]


def _paint(series: Sequence[Series], colours: Sequence[str] | None) -> list[str]:
    """Each series' paint as attributes: its colour, or site.css's `.bar` for a lone series."""
    if colours:
        return [f'fill="{colours[i % len(colours)]}"' for i in range(len(series))]
    if len(series) == 1:
        return ['class="bar"']
    return [f'fill="{PALETTE[i % len(PALETTE)]}"' for i in range(len(series))]


def _legend(series: Sequence[Series], paint: Sequence[str], *, x: float, y: float) -> list[str]:
    parts = []
    for (name, _values), attrs in zip(series, paint, strict=True):
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="10" height="10" {attrs}/>'
            f'<text x="{x + 14:.1f}" y="{y + 9}">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return parts


def _frame(
    title: str, peak: float, fmt: Formatter, series: Sequence[Series], paint: Sequence[str]
) -> list[str]:
    plot_h = HEIGHT - BOTTOM - TOP - LEGEND
    parts = _open(WIDTH, HEIGHT, title)
    parts.append(
        f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}"/>'
    )
    for fraction in (0.5, 1.0):
        y = HEIGHT - BOTTOM - plot_h * fraction
        parts.append(f'<line class="gridline" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(peak * fraction))}</text>'
        )
    if len(series) > 1 or series and series[0][0]:
        parts += _legend(series, paint, x=LEFT, y=4)
    return parts


def _label(label: str, *, x: float, y: float, room: float, anchor: str) -> str:
    """One label that fits `room` (viewBox units): cut with "…" when too long, the whole text in a <title>."""
    fits = max(int(room // CHAR), 2)
    text = label if len(label) <= fits else label[: fits - 1].rstrip() + "…"
    tip = f"<title>{escape(label)}</title>" if text != label else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{tip}{escape(text)}</text>'


def label_room(labels: Sequence[str], *, least: int = 0) -> int:
    """The width a horizontal bar chart reserves for its labels: the longest one's, within bounds."""
    longest = max((len(label) for label in labels), default=0)
    return min(max(least, longest * CHAR + 16), LABEL_ROOM_MAX)


def _x_labels(labels: Sequence[str], slot: float) -> list[str]:
    step = max(1, round(len(labels) / 12))  # at most ~12 labels, whatever the period
    return [
        _label(label, x=LEFT + i * slot + slot / 2, y=HEIGHT - 10, room=slot * step - 4, anchor="middle")
        for i, label in enumerate(labels)
        if i % step == 0
    ]


def _peak(series: Sequence[Series], *, stacked: bool = False) -> float:
    if stacked:
        columns = zip(*(values for _n, values in series), strict=True) if series else []
        return max([sum(max(v or 0, 0) for v in column) for column in columns] + [0]) or 1
    return max([abs(v) for _n, values in series for v in values if v is not None] + [0]) or 1


def bars(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    fmt: Formatter = plain,
    stacked: bool = False,
    colours: Sequence[str] | None = None,
) -> SafeString:
    """Vertical bars: one group per label, one bar per series side by side, or stacked. Negative values draw
    as zero-height bars (their <title> still says the value): a chart of counts and sums never goes below
    the axis."""
    peak = _peak(series, stacked=stacked)
    paint = _paint(series, colours)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP - LEGEND
    slot = plot_w / max(len(labels), 1)
    bar_w = slot * 0.6 if stacked else max(2.0, slot * 0.8 / max(len(series), 1))
    parts = _frame(title, peak, fmt, series, paint)
    safe_labels = [escape(label) for label in labels]
    bases = [float(HEIGHT - BOTTOM)] * len(labels)
    for s, (name, values) in enumerate(series):
        safe_name = escape(name)
        for i, value in enumerate(values):
            if value is None:
                continue
            h = plot_h * max(value, 0) / peak
            if stacked:
                if not h:
                    continue
                x = LEFT + i * slot + slot * 0.2
                bases[i] -= h
                y = bases[i]
            else:
                x = LEFT + i * slot + slot * 0.1 + s * bar_w
                y = HEIGHT - BOTTOM - h
            what = f"{safe_name}, {safe_labels[i]}" if name else safe_labels[i]
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" {paint[s]}>'
                f"<title>{what}: {escape(fmt(value))}</title></rect>"
            )
    parts += _x_labels(labels, slot)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above


def lines(
    labels: Sequence[str], series: Sequence[Series], *, title: str, fmt: Formatter = plain
) -> SafeString:
    """One polyline per series; a missing value (None: nothing to divide by) breaks the line."""
    peak = _peak(series)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP - LEGEND
    slot = plot_w / max(len(labels), 1)
    paint = _paint(series, PALETTE)
    parts = _frame(title, peak, fmt, series, paint)
    safe_labels = [escape(label) for label in labels]
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        safe_name = escape(name)
        run: list[str] = []
        for i, value in enumerate(list(values) + [None]):
            if value is None:
                if len(run) > 1:
                    parts.append(
                        f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{" ".join(run)}"/>'
                    )
                run = []
                continue
            x = LEFT + i * slot + slot / 2
            y = HEIGHT - BOTTOM - plot_h * max(value, 0) / peak
            run.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{safe_name}, {safe_labels[i]}: {escape(fmt(value))}</title></circle>"
            )
    parts += _x_labels(labels, slot)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above


def hbars(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    fmt: Formatter = plain,
    colours: Sequence[str] | None = None,
    row_classes: Sequence[str] | None = None,
    label_width: int = 220,
    data: tuple[tuple[str, Sequence[str]], tuple[str, Sequence[str]]] | None = None,
) -> SafeString:
    """Horizontal bars: one row per label, its series stacked left to right, the row's total at its end.

    The labels get the room the longest needs (`label_width` at least, half the chart at most); a label
    still too long is cut with "…" and keeps its whole text in a <title>.
    `row_classes` paints a lone series per row (site.css classes, e.g. "bar bar-warn"); `data` names the
    rows and the series for scripts and tests: `(("route", route_keys), ("age", age_keys))` gives each bar
    `data-route="…" data-age="…"`."""
    label_width = label_room(labels, least=label_width)
    paint = _paint(series, colours)
    totals = [sum(max(values[i] or 0, 0) for _n, values in series) for i in range(len(labels))]
    peak = max(totals + [0]) or 1
    legend = len(series) > 1
    height = ROW * max(len(labels), 1) + 2 * 8 + (LEGEND if legend else 0)
    plot_w = WIDTH - label_width - 60
    parts = _open(WIDTH, height, title)
    parts.append(
        f'<line class="axis" x1="{label_width}" y1="8" x2="{label_width}" y2="{8 + ROW * max(len(labels), 1)}"/>'
    )
    for i, label in enumerate(labels):
        y = 8 + i * ROW
        safe_label = escape(label)
        parts.append(_label(label, x=label_width - 8, y=y + ROW * 0.65, room=label_width - 16, anchor="end"))
        x = float(label_width)
        for s, (name, values) in enumerate(series):
            value = values[i]
            if not value or value <= 0:
                continue
            w = plot_w * value / peak
            attrs = f'class="{row_classes[i]}"' if row_classes and len(series) == 1 else paint[s]
            if data:
                (row_key, row_keys), (series_key, series_keys) = data
                attrs += (
                    f' data-{row_key}="{escape(row_keys[i])}" data-{series_key}="{escape(series_keys[s])}"'
                )
            what = f"{safe_label}, {escape(name)}" if name else safe_label
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}" {attrs}>'
                f"<title>{what}: {escape(fmt(value))}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + ROW * 0.65:.1f}">{escape(fmt(totals[i]))}</text>')
    if legend:
        parts += _legend(series, paint, x=20, y=height - LEGEND + 4)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above
