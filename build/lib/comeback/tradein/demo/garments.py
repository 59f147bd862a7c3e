"""The garment take-back programme (Loomwear): the demo garments bought back in France and Germany by two
resellers, with a bonus the brand funds on top (docs/fashion.md).
"""

from __future__ import annotations

from datetime import timedelta

from comeback.catalog.models import ProductModel, TradeInQuestionnaire

from ..models import (
    BuybackOffer,
    Partner,
    PartnerKind,
    Tier,
)

# What a reseller pays for a garment, per tier, when no resale price is known yet (euros): second-hand
# garments buy back for a few euros to a few tens of euros.
GARMENT_PRICES = {Tier.FLAWLESS: 2400, Tier.GOOD: 1500, Tier.USED: 600, Tier.BROKEN: 100}
GARMENT_MARKETS = ("FR", "DE")


def _garment_takeback(ctx, buyers) -> Partner | None:
    """The Loomwear take-back programme over the catalogue's garments (none yet: nothing to take back)."""
    garments = list(
        ProductModel.objects.filter(category__tradein_questionnaire=TradeInQuestionnaire.GARMENT).order_by(
            "pk"
        )
    )
    if not garments:
        return None
    programme, _ = Partner.objects.update_or_create(
        slug="loomwear",
        defaults={
            "name": "Loomwear",
            "kind": PartnerKind.BRAND,
            "logo_text": "LOOMWEAR",
            "tagline": "Bring back the clothes you no longer wear: paid in money, worn again.",
            "colour_primary": "#6b2d1f",
            "colour_on_primary": "#fff8f0",
            "bonus_bps": 1500,
            "commission_bps": 0,
            "is_active": True,
            "created_at": ctx.now - timedelta(days=45),
        },
    )
    programme.eligible_models.set(garments)
    rows = []
    for code in GARMENT_MARKETS:
        local = [s for s in buyers if code in (s.markets or [])][:2]
        for n, seller in enumerate(local):
            for product in garments:
                for tier, price in GARMENT_PRICES.items():
                    rows.append(
                        BuybackOffer(
                            seller=seller,
                            product=product,
                            storage_gb=0,
                            market_id=code,
                            tier=tier,
                            price_amount=price * (10 - n) // 10,  # the second reseller pays 10% less
                            currency="EUR",
                            weekly_capacity=ctx.rng.choice((30, 60, 120)),
                            created_at=ctx.now - timedelta(days=40),
                            updated_at=ctx.now - timedelta(days=ctx.rng.randrange(1, 20)),
                        )
                    )
    BuybackOffer.objects.bulk_create(rows, batch_size=2000)
    return programme
