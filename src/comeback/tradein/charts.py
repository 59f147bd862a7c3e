"""Server-side SVG charts (no JavaScript library; the strict CSP allows them): styled by site.css `.chart`."""

from __future__ import annotations

from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 36, 28, 12


def weekly_bars(points: list[tuple[date, int]], *, title: str) -> SafeString:
    """A bar per week: trade-ins accepted. Each bar carries its value as a <title> for screen readers."""
    n = max(len(points), 1)
    peak = max([v for _d, v in points] + [1])
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / n
    bar_w = max(4.0, slot * 0.7)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - 8}" y2="{HEIGHT - BOTTOM}"/>',
    ]
    for fraction in (0.5, 1.0):
        y = HEIGHT - BOTTOM - plot_h * fraction
        parts.append(f'<line class="gridline" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{round(peak * fraction)}</text>')
    for i, (day, value) in enumerate(points):
        h = plot_h * value / peak
        x = LEFT + i * slot + (slot - bar_w) / 2
        y = HEIGHT - BOTTOM - h
        label = f"{day.isoformat()}: {value}"
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
                     f"<title>{escape(label)}</title></rect>")
        if i % 2 == 0 or n <= 6:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
                         f"{day.strftime('%d %b')}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above
