"""Demo data of trade-in, run by `comeback seed-demo` after the catalogue, sellers and offers exist.

- Buyback offers from the demo refurbishers for popular models, in every market and condition tier, priced
  from the model's resale price (a refurbisher pays about half of what a good refurbished unit sells for).
- A console maker's official programme, "NovaPlay" (a fictional brand), with its landing page
  /partners/novaplay/trade-in, a 10% bonus it funds, and the consoles as eligible models.
- A retail network, "Relay Mobile" (fictional), with six stores across the markets, paid trade-ins at its
  counters over the past weeks (for its dashboard's chart) and a 3% commission (4% at its flagship).
- Partner logins: partner@ (Relay headquarters), store@ (Relay's Paris store), brand@ (NovaPlay).
- buyer@'s trade-ins in every interesting state: quoted, awaiting shipment, shipped, received, counter-offered
  (with an evidence photo), paid (with its wipe certificate).
- A blocked IMEI on the local block list (docs/trade-in.md lists it).
- A garment take-back programme, "Loomwear" (a fictional clothing brand), at /partners/loomwear/trade-in:
  the demo garments (categories asking the garment questionnaire) bought back in France and Germany by two
  resellers, and a 15% bonus the brand funds on top; paid in money, like devices (docs/fashion.md).

Everything goes through the services (at past times), so every rule holds. Deterministic given ctx.rng
apart from the random public references.
"""

from __future__ import annotations

from ..models import BlockedDevice
from .buyback import _buyback_offers
from .garments import _garment_takeback
from .partner_programmes import _partners
from .people import BLOCKED_IMEI, BRAND_HQ, BUYER, PARTNER_HQ, STORE_STAFF, _members, describe_login
from .tradeins import _counter_history, _customer_tradeins

__all__ = ["BLOCKED_IMEI", "BRAND_HQ", "BUYER", "PARTNER_HQ", "STORE_STAFF", "describe_login", "seed_demo"]


def seed_demo(ctx) -> None:
    BlockedDevice.objects.update_or_create(
        identifier=BLOCKED_IMEI,
        defaults={"reason": "reported stolen (demo)", "source": "local", "added_at": ctx.now},
    )
    buyers = _buyback_offers(ctx)
    if not buyers:
        return
    brand, retail = _partners(ctx)
    _garment_takeback(ctx, buyers)
    _members(ctx, brand, retail)
    _counter_history(ctx, retail)
    _customer_tradeins(ctx, brand)
