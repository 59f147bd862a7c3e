"""Server-side SVG charts for the claim statistics (no JavaScript; styled by site.css `.chart`)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, ROW, LABEL_W, PAD = 720, 26, 300, 8


def horizontal_bars(rows: list[tuple[str, int]], *, title: str) -> SafeString:
    """One bar per row (label, count), each with its value as text and as a <title> for screen readers."""
    peak = max([v for _label, v in rows] + [1])
    height = ROW * max(len(rows), 1) + 2 * PAD
    plot_w = WIDTH - LABEL_W - 60
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LABEL_W}" y1="{PAD}" x2="{LABEL_W}" y2="{height - PAD}"/>',
    ]
    for i, (label, value) in enumerate(rows):
        y = PAD + i * ROW
        w = plot_w * value / peak
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + ROW * 0.65:.1f}" text-anchor="end">{escape(label)}</text>'
        )
        parts.append(
            f'<rect class="bar" x="{LABEL_W}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}">'
            f"<title>{escape(f'{label}: {value}')}</title></rect>"
        )
        parts.append(f'<text x="{LABEL_W + w + 6:.1f}" y="{y + ROW * 0.65:.1f}">{value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above
