"""The trade-in's default block-list provider: the local table (`BlockedDevice`) that staff, the demo and
`comeback tradein-blocklist` fill. The interface and the provider setting live in `comeback.devices.blocklist`,
which every place a unit identifier is recorded (shipping, trade-in) asks.
"""

from __future__ import annotations

from comeback.devices.blocklist import (  # noqa: F401  (the names trade-in code has always imported from here)
    DEFAULT_PROVIDER,
    BlocklistProvider,
    BlocklistUnavailable,
    BlockResult,
    check,
    get_provider,
    normalise,
    provider_path,
)


class LocalBlocklist(BlocklistProvider):
    """Identifiers listed in the database table (admin, `comeback tradein-blocklist add`, the demo)."""

    name = "local"

    def check(self, identifier: str) -> BlockResult:
        from .models import BlockedDevice

        row = BlockedDevice.objects.filter(identifier=normalise(identifier)).first()
        if row is None:
            return BlockResult(False, source=self.name)
        return BlockResult(True, reason=row.reason, source=row.source or self.name)
