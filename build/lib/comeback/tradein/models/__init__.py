"""Trade-in (buyback): refurbishers' buyback offers, customers' quotes and trade-in orders, inspection
evidence, data-wipe certificates, routes, payouts and the partner channels (docs/design.md §2 "Trade-in
(buyback)", "Where collected devices go").

The trade-in's process (who may move it where, and the deadlines derived from time) is in processes.py;
this package holds the data and the invariants the database itself enforces, in named parts: `grades`,
`offers`, `partners`, `tradeins`, `inspection` and `money`. Import from here: `comeback.tradein.models`.
"""

from .grades import (
    TIER_ORDER,
    Body,
    GarmentCondition,
    Holes,
    Pilling,
    Screen,
    Stains,
    Tier,
)
from .inspection import (
    BlockedDevice,
    CounterDecision,
    CounterOffer,
    CounterReason,
    DeviceRoute,
    EvidencePhoto,
    HeldOutcome,
    Route,
    Verification,
    WipeCertificate,
    WipeMethod,
)
from .money import (
    LedgerEntry,
    PayoutStatus,
    TradeInPayout,
)
from .offers import (
    BuybackCapacity,
    BuybackOffer,
    BuybackStatus,
)
from .partners import (
    Partner,
    PartnerKind,
    PartnerMember,
    PartnerToken,
    Store,
)
from .tradeins import (
    Channel,
    PayoutMethod,
    Quote,
    TradeIn,
    TradeInEvent,
    TradeInStatus,
)

__all__ = [
    "BlockedDevice",
    "Body",
    "BuybackCapacity",
    "BuybackOffer",
    "BuybackStatus",
    "Channel",
    "CounterDecision",
    "CounterOffer",
    "CounterReason",
    "DeviceRoute",
    "EvidencePhoto",
    "GarmentCondition",
    "HeldOutcome",
    "Holes",
    "LedgerEntry",
    "Partner",
    "PartnerKind",
    "PartnerMember",
    "PartnerToken",
    "PayoutMethod",
    "PayoutStatus",
    "Pilling",
    "Quote",
    "Route",
    "Screen",
    "Stains",
    "Store",
    "TIER_ORDER",
    "Tier",
    "TradeIn",
    "TradeInEvent",
    "TradeInPayout",
    "TradeInStatus",
    "Verification",
    "WipeCertificate",
    "WipeMethod",
]
