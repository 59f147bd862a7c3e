"""The partner page's chart, drawn by core's one chart helper (core/charts.py)."""

from __future__ import annotations

from datetime import date

from django.utils.safestring import SafeString

from comeback.core import charts


def weekly_bars(points: list[tuple[date, int]], *, title: str) -> SafeString:
    """A bar per week: trade-ins accepted. Each bar carries its value as a <title> for screen readers."""
    return charts.bars(
        [day.isoformat() for day, _n in points], [("", [n for _day, n in points])], title=title
    )
