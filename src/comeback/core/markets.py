"""Market look-ups, cached per process: markets change rarely and are read on every page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core.problems import Invalid

DEFAULT_MARKET = "FR"
_cache: dict[str, object] | None = None


def clear_cache() -> None:
    global _cache
    _cache = None


def _load() -> dict:
    global _cache
    if _cache is None:
        from comeback.core.models import Market

        _cache = {m.code: m for m in Market.objects.filter(is_active=True)}
    return _cache


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
            _("Unknown market %(code)r; expected one of %(codes)s.") % {"code": code, "codes": ", ".join(codes())},
        )
    return market


def find(code: str | None):
    return _load().get((code or "").upper())
