"""The device block-list check, one interface for every place a unit identifier is recorded (docs/design.md
§2 "not on a block list (pluggable check)"; docs/trust.md "Stolen and blocked units").

A provider answers whether an IMEI (or a serial, for devices without one) is reported lost, stolen or
otherwise barred. `COMEBACK_BLOCKLIST` (setting or environment; `COMEBACK_TRADEIN_BLOCKLIST` is read too)
names the class. Shipped:

- `comeback.tradein.blocklist.LocalBlocklist` (the default): the local table staff and the demo fill;
- `comeback.devices.blocklist.RecordedBlocklist`: answers recorded from a device-check service (a JSON file),
  replayed as they were — for tests and offline demos, and the shape a live adapter fills;

A provider that cannot answer raises `BlocklistUnavailable`; callers then refuse to go on (a unit is never
shipped or paid on an unanswered check).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "comeback.tradein.blocklist.LocalBlocklist"
RECORDING = Path(__file__).parent / "recordings" / "device_check.json"


class BlocklistUnavailable(Exception):
    pass


@dataclass(frozen=True)
class BlockResult:
    blocked: bool
    reason: str = ""
    source: str = ""


class BlocklistProvider:
    name = "abstract"

    def check(self, identifier: str) -> BlockResult:  # pragma: no cover - interface
        raise NotImplementedError


def normalise(identifier: str) -> str:
    return (identifier or "").strip().upper()


class RecordedBlocklist(BlocklistProvider):
    """Replays a device-check service's recorded answers: `{"answers": {"<IMEI>": {"status": "blocked" |
    "clear" | "unavailable", "reason": …, "source": …}}}`. An identifier never recorded is clear."""

    name = "recorded"

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path or getattr(settings, "COMEBACK_BLOCKLIST_RECORDING", None) or RECORDING)
        self.answers = json.loads(self.path.read_text(encoding="utf-8")).get("answers", {})

    def check(self, identifier: str) -> BlockResult:
        answer = self.answers.get(normalise(identifier))
        if answer is None or answer.get("status") == "clear":
            return BlockResult(False, source=self.name)
        if answer.get("status") == "unavailable":
            raise BlocklistUnavailable(answer.get("reason", "the device-check service did not answer"))
        return BlockResult(
            True, reason=answer.get("reason", "reported"), source=answer.get("source", self.name)
        )


def provider_path() -> str:
    return (
        getattr(settings, "COMEBACK_BLOCKLIST", None)
        or os.environ.get("COMEBACK_BLOCKLIST")
        or getattr(settings, "COMEBACK_TRADEIN_BLOCKLIST", None)
        or os.environ.get("COMEBACK_TRADEIN_BLOCKLIST", DEFAULT_PROVIDER)
    )


@lru_cache(maxsize=4)
def _provider(path: str) -> BlocklistProvider:
    return import_string(path)()


def get_provider() -> BlocklistProvider:
    return _provider(provider_path())


def check(identifier: str) -> BlockResult:
    return get_provider().check(identifier)
