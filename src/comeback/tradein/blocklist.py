"""The device block-list check: pluggable (DESIGN.md §2 "not on a block list (pluggable check)").

A provider answers whether an IMEI (or a serial, for devices without one) is reported lost, stolen or
otherwise barred. The demo's provider is a local table (`BlockedDevice`); production points
`COMEBACK_TRADEIN_BLOCKLIST` (setting or environment) at a class with the same `check` method, e.g. an
adapter to the GSMA Device Check service. A provider that cannot answer raises `BlocklistUnavailable`;
callers then refuse to go on (a device is never paid on an unanswered check).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "comeback.tradein.blocklist.LocalBlocklist"


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


class LocalBlocklist(BlocklistProvider):
    """Identifiers listed in the database table (admin, `comeback tradein-blocklist add`, the demo)."""

    name = "local"

    def check(self, identifier: str) -> BlockResult:
        from .models import BlockedDevice

        row = BlockedDevice.objects.filter(identifier=(identifier or "").strip().upper()).first()
        if row is None:
            return BlockResult(False, source=self.name)
        return BlockResult(True, reason=row.reason, source=row.source or self.name)


def provider_path() -> str:
    return getattr(settings, "COMEBACK_TRADEIN_BLOCKLIST", None) or os.environ.get(
        "COMEBACK_TRADEIN_BLOCKLIST", DEFAULT_PROVIDER
    )


@lru_cache(maxsize=4)
def _provider(path: str) -> BlocklistProvider:
    return import_string(path)()


def get_provider() -> BlocklistProvider:
    return _provider(provider_path())


def check(identifier: str) -> BlockResult:
    return get_provider().check(identifier)
