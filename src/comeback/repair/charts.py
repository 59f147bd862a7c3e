"""Server-side SVG charts (no JavaScript; the strict CSP allows them), styled by site.css `.chart`."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, ROW, LEFT = 640, 34, 170
CLASSES = {"at_risk": "bar bar-warn", "ok": "bar"}

STATE_LABELS = {
    "at_risk": lambda: _("At risk"),
    "ok": lambda: _("Parts available"),
    "not_started": lambda: _("Not on the market yet"),
    "ended": lambda: _("Obligation ended"),
}


def state_bars(counts: dict[str, int], *, title: str) -> SafeString:
    """One horizontal bar per obligation state; each bar carries its value as text and <title>."""
    peak = max(list(counts.values()) + [1])
    height = ROW * len(STATE_LABELS) + 12
    plot = WIDTH - LEFT - 60
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (state, label) in enumerate(STATE_LABELS.items()):
        value = counts.get(state, 0)
        y = 6 + i * ROW
        w = plot * value / peak
        text = escape(str(label()))
        parts.append(f'<text x="{LEFT - 8}" y="{y + 20}" text-anchor="end">{text}</text>')
        parts.append(
            f'<rect class="{CLASSES.get(state, "bar bar-alt")}" x="{LEFT}" y="{y + 4}" width="{w:.1f}" '
            f'height="{ROW - 12}"><title>{text}: {value}</title></rect>'
        )
        parts.append(f'<text x="{LEFT + w + 6:.1f}" y="{y + 20}">{value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
