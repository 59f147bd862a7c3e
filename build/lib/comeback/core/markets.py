"""Market look-ups, copied per process: markets change rarely and are read on every page. An edit bumps the
shared version, so every process of every node reads the new markets within a second (core/versioned.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core import versioned
from comeback.core.problems import Invalid

DEFAULT_MARKET = "FR"
VERSION = "markets"


def _active() -> dict:
    from comeback.core.models import Market

    return {m.code: m for m in Market.objects.filter(is_active=True)}


_copy = versioned.Copy(VERSION, load=_active)


def changed() -> None:
    """Markets were edited (in the current transaction): every process reads them again."""
    versioned.bump(VERSION)


def clear_cache() -> None:
    """Forget this process's copy (tests, a database replaced under the process)."""
    _copy.drop()


def _load() -> dict:
    return _copy.get()


def all_markets() -> list:
    return sorted(_load().values(), key=lambda m: (m.sort_order, m.code))


def codes() -> list[str]:
    return [m.code for m in all_markets()]


def get(code: str | None, *, field: str = "market"):
    """The active market for an ISO code, or a 422 naming the field."""
    market = _load().get((code or "").upper())
    if market is None:
        raise Invalid.field(
            field,
            "unknown_market",
            _("Unknown market %(code)r; expected one of %(codes)s.")
            % {"code": code, "codes": ", ".join(codes())},
        )
    return market


def find(code: str | None):
    return _load().get((code or "").upper())
