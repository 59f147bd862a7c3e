"""Outbox handlers: every seller-facing topic fans out to that seller's subscriptions (registered in apps.py),
a drain's batch of events at once."""

from __future__ import annotations

from comeback.core import outbox

from . import events

_registered = False


def webhooks_fan_out(outbox_events: list[tuple[int, str, dict]]) -> None:
    from . import services

    services.fan_out_many(outbox_events)


def register() -> None:
    global _registered
    if _registered:
        return
    outbox.handles_many(*events.TOPICS)(webhooks_fan_out)
    _registered = True
