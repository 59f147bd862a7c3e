"""The claim statistics' charts, drawn by core's one chart helper (core/charts.py)."""

from __future__ import annotations

from django.utils.safestring import SafeString

from comeback.core import charts


def horizontal_bars(rows: list[tuple[str, int]], *, title: str) -> SafeString:
    """One bar per row (label, count), each with its value as text and as a <title> for screen readers."""
    return charts.hbars(
        [label for label, _n in rows], [("", [n for _label, n in rows])], title=title, label_width=300
    )
