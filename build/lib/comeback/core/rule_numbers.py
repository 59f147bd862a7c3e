"""Numbers a page or a description states when the rule that holds them belongs to an app above the one that
writes the text (a claim's answer deadline is aftersales', read by webhooks' topic list; the parts obligation's
length is repair's, read by the back office's home). The owning app gives each in its AppConfig.ready; the text
reads it when shown, so it always states the rule as it stands."""

from __future__ import annotations

from collections.abc import Callable

_readers: dict[str, Callable[[], int]] = {}


def give(name: str, read: Callable[[], int]) -> None:
    """`name` is the number `read()` gives when it is asked for."""
    _readers[name] = read


def number(name: str) -> int:
    return _readers[name]()
