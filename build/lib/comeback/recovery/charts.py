"""The inventory's chart, drawn by core's one chart helper (core/charts.py): one bar per route, stacked by
age since the device was received, so old devices show at a glance."""

from __future__ import annotations

from django.utils.safestring import SafeString

from comeback.core import charts
from comeback.tradein.models import Route

from .selectors import AGE_BUCKETS, Summary, bucket_label

# Young to old: calm to alarming (each with enough contrast against the panel's white).
COLOURS = {"0-7": "#7fb8a6", "8-14": "#0b6a55", "15-30": "#d97706", "31+": "#b91c1c"}


def by_route_and_age(summary: Summary, *, title: str) -> SafeString:
    routes = list(Route)
    return charts.hbars(
        [str(route.label) for route in routes],
        [
            (bucket_label(first, last), [summary.open[route.value][key] for route in routes])
            for key, first, last in AGE_BUCKETS
        ],
        title=title,
        colours=[COLOURS[key] for key, *_bounds in AGE_BUCKETS],
        data=(("route", [route.value for route in routes]), ("age", [key for key, *_rest in AGE_BUCKETS])),
    )
