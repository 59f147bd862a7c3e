"""The inventory's chart, server-rendered SVG (no JavaScript; the strict CSP allows it): one bar per route,
stacked by age since the device was received, so old devices show at a glance."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from comeback.tradein.models import Route

from .selectors import AGE_BUCKETS, Summary

WIDTH, LEFT, RIGHT, ROW, GAP, TOP = 640, 215, 40, 26, 10, 8
# Young to old: calm to alarming (each with enough contrast against the panel's white).
COLOURS = {"0-7": "#7fb8a6", "8-14": "#0b6a55", "15-30": "#d97706", "31+": "#b91c1c"}


def by_route_and_age(summary: Summary, *, title: str) -> SafeString:
    routes = list(Route)
    peak = max([sum(summary.open[r.value].values()) for r in routes] + [1])
    legend_y = TOP + len(routes) * (ROW + GAP) + 8
    height = legend_y + 26
    plot_w = WIDTH - LEFT - RIGHT
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP - 4}" x2="{LEFT}" y2="{legend_y - 10}"/>',
    ]
    for i, route in enumerate(routes):
        y = TOP + i * (ROW + GAP)
        parts.append(f'<text x="{LEFT - 8}" y="{y + ROW / 2 + 4:.1f}" text-anchor="end">{escape(str(route.label))}</text>')
        x = float(LEFT)
        counts = summary.open[route.value]
        for key, _first, _last, label in AGE_BUCKETS:
            n = counts[key]
            if not n:
                continue
            w = plot_w * n / peak
            text = f"{route.label}, {label}: {n}"
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW}" fill="{COLOURS[key]}" '
                         f'data-route="{route.value}" data-age="{key}"><title>{escape(text)}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + ROW / 2 + 4:.1f}">{sum(counts.values())}</text>')
    x = 20.0
    for key, _first, _last, label in AGE_BUCKETS:
        parts.append(f'<rect x="{x:.1f}" y="{legend_y}" width="12" height="12" fill="{COLOURS[key]}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="{legend_y + 11}">{escape(str(label))}</text>')
        x += 150
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above
