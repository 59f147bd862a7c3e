"""The spare parts catalogue for the demo phones, stocked at every location (a few models deliberately at
risk for the obligation report), and a refurbisher's own workshop stock.
"""

from __future__ import annotations

from datetime import timedelta

from comeback.core import markets
from comeback.core.money import Money

from ..models import (
    Location,
    Part,
    PartPrice,
    PartSource,
    PartType,
    Stock,
    StockMovement,
)
from ..obligation import required_types
from ..services import parts
from .people import DEMO_NOTE

# Part prices (major units, FR) by type; other markets follow MARKET_FACTORS.
PART_PRICES = {
    PartType.BATTERY: 29,
    PartType.SCREEN: 89,
    PartType.BACK_GLASS: 39,
    PartType.CAMERA: 49,
    PartType.CHARGING_PORT: 19,
    PartType.SPEAKER: 15,
    PartType.KEYBOARD: 79,
    PartType.TRACKPAD: 59,
    PartType.CHARGER: 35,
    PartType.STRAP: 19,
}
MARKET_FACTORS = {"FR": 1.0, "DE": 1.0, "GB": 0.88, "US": 1.1, "JP": 150}
# Deliberate gaps, so the obligation report has something to show: (model name, part type, what is wrong).
GAPS = [
    ("iPhone 11 Pro", PartType.BATTERY, "out_of_stock"),
    ("iPhone 12 mini", PartType.CAMERA, "slow"),
    ("iPhone 12 Pro", PartType.BACK_GLASS, "no_part"),
    ("Galaxy S21 5G", PartType.SPEAKER, "slow"),
]


def _price(part_type: str, code: str) -> int:
    market = markets.get(code)
    major = round(PART_PRICES.get(part_type, 25) * MARKET_FACTORS[code])
    return Money.from_major(major, market.currency).amount


def _parts(ctx, locations: list[Location]) -> None:
    covered = [p for p in ctx.products if required_types(p.category)]
    gaps = {(model, part_type): what for model, part_type, what in GAPS}
    codes = markets.codes()
    stock_rows, moves = [], []
    for product in ctx.progress(covered, desc="repair: spare parts"):
        for part_type in required_types(product.category):
            what = gaps.get((product.name, part_type))
            if what == "no_part":
                continue
            oem = part_type in (PartType.BATTERY, PartType.CAMERA)
            part = Part.objects.create(
                sku=f"{product.slug}-{part_type}".upper()[:64],
                part_type=part_type,
                name=f"{product.name} {PartType(part_type).label.lower()}"[:160],
                source=PartSource.OEM if oem else PartSource.COMPATIBLE,
                lead_time_days=15 if what == "slow" else ctx.rng.randint(2, 8),
                notes=DEMO_NOTE,
                created_at=ctx.now - timedelta(days=90),
            )
            part.compatible_models.set([product])
            PartPrice.objects.bulk_create(
                [
                    PartPrice(
                        part=part, market_id=c, amount=_price(part_type, c), currency=markets.get(c).currency
                    )
                    for c in codes
                ]
            )
            for loc in locations:
                quantity = 0 if what == "out_of_stock" else ctx.rng.choice([0, 1, 2, 3, 5, 8])
                if part_type == PartType.BATTERY and what is None:
                    quantity = max(quantity, 3)  # batteries are the first-class repair: always some in stock
                stock_rows.append(Stock(part=part, location=loc, quantity=quantity, updated_at=ctx.now))
                if quantity:
                    moves.append(
                        StockMovement(
                            part=part,
                            location=loc,
                            delta=quantity,
                            reason="received",
                            ref="demo",
                            at=ctx.now - timedelta(days=30),
                        )
                    )
    Stock.objects.bulk_create(stock_rows, batch_size=500)
    StockMovement.objects.bulk_create(moves, batch_size=500)


def _workshop(ctx) -> None:
    """The first full refurbisher stocks its own compatible batteries in its workshop."""
    seller = next((s for _e, s in sorted(ctx.sellers.items()) if s.status == "full"), None)
    gaps = {model for model, _type, _what in GAPS}
    phones = [p for p in ctx.products if p.category.slug == "smartphones" and p.name not in gaps][:4]
    if seller is None or not phones:
        return
    workshop = parts.workshop_for(seller=seller)
    for product in phones:
        part = Part.objects.create(
            sku=f"{seller.slug}-{product.slug}-bat".upper()[:64],
            part_type=PartType.BATTERY,
            name=f"{product.name} battery (compatible, {seller.display_name})"[:160],
            source=PartSource.COMPATIBLE,
            seller=seller,
            lead_time_days=3,
            notes=DEMO_NOTE,
            created_at=ctx.now,
        )
        part.compatible_models.set([product])
        Stock.objects.create(
            part=part, location=workshop, quantity=ctx.rng.randint(4, 12), updated_at=ctx.now
        )
