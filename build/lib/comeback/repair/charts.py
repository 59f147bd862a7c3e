"""The parts obligation's chart, drawn by core's one chart helper (core/charts.py)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from comeback.core import charts

CLASSES = {"at_risk": "bar bar-warn", "ok": "bar"}

STATE_LABELS = {
    "at_risk": lambda: _("At risk"),
    "ok": lambda: _("Parts available"),
    "not_started": lambda: _("Not on the market yet"),
    "ended": lambda: _("Obligation ended"),
}


def state_bars(counts: dict[str, int], *, title: str) -> SafeString:
    """One horizontal bar per obligation state; each bar carries its value as text and <title>."""
    return charts.hbars(
        [str(label()) for label in STATE_LABELS.values()],
        [("", [counts.get(state, 0) for state in STATE_LABELS])],
        title=title,
        row_classes=[CLASSES.get(state, "bar bar-alt") for state in STATE_LABELS],
        label_width=170,
    )
