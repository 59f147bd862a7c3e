"""Outbox handlers: every seller-facing topic fans out to that seller's subscriptions (registered in apps.py)."""

from __future__ import annotations

from collections.abc import Callable

from comeback.core import outbox

from . import events

_registered = False


def _fan_out_for(topic: str) -> Callable[[int, dict], None]:
    def handle(event_id: int, payload: dict) -> None:
        from . import services

        services.fan_out(topic=topic, event_id=event_id, payload=payload)

    handle.__name__ = handle.__qualname__ = f"webhooks_fan_out[{topic}]"
    return handle


def register() -> None:
    global _registered
    if _registered:
        return
    for topic in events.TOPICS:
        outbox.handles(topic)(_fan_out_for(topic))
    _registered = True
