"""Per-process copies of shared configuration that every process drops within a second of an edit.

Markets (and the signing keyring) are read on every request and change rarely, so each process keeps a copy.
A copy is tagged with the version of its configuration, a counter row in the database (`core.ConfigVersion`)
that the writing transaction bumps: a process compares its copy's version with the row's at most once every
`CONFIG_CHECK_SECONDS` (1) and loads again when they differ, so an edit made on one node reaches every
process of every node within that delay, whatever the workers do (docs/deploy.md "No state on a node").

The version is read before the data, and a bump commits with the data it describes: a copy is never older
than its tag (a copy made inside a transaction that rolls back carries that transaction's version, which then
differs from the row's, so the next check loads again). The row lives in the database, not the cache, so a Redis restart or eviction cannot hide an edit.

    _markets = versioned.Copy("markets", load=lambda: {m.code: m for m in Market.objects.all()})
    _markets.get()              # the copy, checked against the shared version at most once a second
    versioned.bump("markets")   # in the transaction that edits markets
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import F

T = TypeVar("T")
_copies: dict[str, list[Copy]] = {}
_registry_lock = threading.Lock()


def check_seconds() -> float:
    return float(getattr(settings, "CONFIG_CHECK_SECONDS", 1.0))


def current(name: str) -> int:
    """The shared version of `name` (0 before its first edit)."""
    from .models import ConfigVersion

    return ConfigVersion.objects.filter(name=name).values_list("version", flat=True).first() or 0


def bump(name: str) -> int:
    """Mark `name` edited: every process's copy is stale. Call it in the transaction that edits the data."""
    from .models import ConfigVersion

    with transaction.atomic():
        moved = ConfigVersion.objects.filter(name=name).update(version=F("version") + 1)
        if not moved:
            ConfigVersion.objects.get_or_create(name=name, defaults={"version": 0})
            ConfigVersion.objects.filter(name=name).update(version=F("version") + 1)
        version = current(name)
    drop_local(name)  # this process at once (it sees its own transaction) …
    transaction.on_commit(lambda: drop_local(name))  # … and again once others can see the edit
    return version


def drop_local(name: str | None = None) -> None:
    """Forget this process's copies of `name` (all of them when None); the next read loads again."""
    with _registry_lock:
        groups = list(_copies.values()) if name is None else [_copies.get(name, [])]
    for group in groups:
        for copy in group:
            copy.drop()


class Copy(Generic[T]):
    """This process's copy of the configuration `name`, loaded by `load()`."""

    def __init__(self, name: str, *, load: Callable[[], T]):
        self.name, self._load = name, load
        self._lock = threading.Lock()
        self._value: T | None = None
        self._version: int | None = None
        self._checked_until = 0.0
        with _registry_lock:
            _copies.setdefault(name, []).append(self)

    def drop(self) -> None:
        with self._lock:
            self._value, self._version, self._checked_until = None, None, 0.0

    @property
    def version(self) -> int | None:
        """The version the copy carries (None before its first load)."""
        return self._version

    def get(self) -> T:
        now = time.monotonic()
        with self._lock:
            if self._version is not None and now < self._checked_until:
                return self._value  # type: ignore[return-value]
        return self._checked(now)

    def _checked(self, now: float) -> T:
        version = current(self.name)  # before the data: a copy is never older than its tag
        with self._lock:
            if version == self._version:
                self._checked_until = now + check_seconds()
                return self._value  # type: ignore[return-value]
        value = self._load()
        with self._lock:
            self._value, self._version, self._checked_until = value, version, now + check_seconds()
        return value
