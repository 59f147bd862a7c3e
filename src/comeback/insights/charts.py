"""Server-rendered SVG charts for the insights dashboard: grouped bars and lines, several series each.

No script, no external font: the strict CSP allows them, and they print. Colours are SVG presentation
attributes from a palette that stays readable for the common colour-vision deficiencies; every bar or
point carries its value in a <title>, and each chart sits next to a table with the same numbers.
Styled by site.css `.chart` (axes, gridlines, text), like `comeback.tradein.charts`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, BOTTOM, TOP, LEGEND = 56, 8, 28, 12, 22
# Okabe–Ito palette: distinguishable with protanopia, deuteranopia and tritanopia.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

Series = tuple[str, Sequence[float | None]]
Formatter = Callable[[float], str]


def _plain(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    return f"{value:.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:.2f}"


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _frame(title: str, peak: float, fmt: Formatter, series: Sequence[Series]) -> list[str]:
    plot_h = HEIGHT - BOTTOM - TOP - LEGEND
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}"/>',
    ]
    for fraction in (0.5, 1.0):
        y = HEIGHT - BOTTOM - plot_h * fraction
        parts.append(f'<line class="gridline" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(peak * fraction))}</text>'
        )
    x = LEFT
    for i, (name, _values) in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="13">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return parts


def _x_labels(labels: Sequence[str], slot: float) -> list[str]:
    step = max(1, round(len(labels) / 12))  # at most ~12 labels, whatever the period
    return [
        f'<text x="{LEFT + i * slot + slot / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">{escape(label)}</text>'
        for i, label in enumerate(labels)
        if i % step == 0
    ]


def _peak(series: Sequence[Series]) -> float:
    return max([abs(v) for _n, values in series for v in values if v is not None] + [0]) or 1


def bars(
    labels: Sequence[str], series: Sequence[Series], *, title: str, fmt: Formatter = _plain
) -> SafeString:
    """Grouped bars: one group per label, one bar per series. Negative values draw as zero-height bars
    (their <title> still says the value): a chart of counts and sums never goes below the axis."""
    peak = _peak(series)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP - LEGEND
    slot = plot_w / max(len(labels), 1)
    bar_w = max(2.0, slot * 0.8 / max(len(series), 1))
    parts = _frame(title, peak, fmt, series)
    safe_labels = [escape(label) for label in labels]
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        safe_name = escape(name)
        for i, value in enumerate(values):
            if value is None:
                continue
            h = plot_h * max(value, 0) / peak
            x = LEFT + i * slot + slot * 0.1 + s * bar_w
            y = HEIGHT - BOTTOM - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{safe_name}, {safe_labels[i]}: {escape(fmt(value))}</title></rect>"
            )
    parts += _x_labels(labels, slot)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above


def lines(
    labels: Sequence[str], series: Sequence[Series], *, title: str, fmt: Formatter = _plain
) -> SafeString:
    """One polyline per series; a missing value (None: nothing to divide by) breaks the line."""
    peak = _peak(series)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP - LEGEND
    slot = plot_w / max(len(labels), 1)
    parts = _frame(title, peak, fmt, series)
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
