"""Instant quotes: the questionnaire's tier, then the best buyback offer with capacity (quoting.py). Each
quote reserves one place of its offer's weekly capacity (BuybackCapacity), so quotes never overshoot it."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from django.db import transaction
from django.db.models import F, Subquery
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.ids import public_ref
from comeback.core.money import Money
from comeback.core.problems import Conflict, Invalid

from .. import conditions, selectors
from ..models import BuybackCapacity, BuybackOffer, Partner, PartnerKind, Quote, Store, TradeIn
from ..processes import QUOTE_VALIDITY


def quote_status(quote: Quote, at: datetime | None = None) -> str:
    """open | accepted | expired — derived, never stored (a quote lapses by time alone)."""
    if TradeIn.objects.filter(quote=quote).exists():
        return "accepted"
    return "expired" if (at or clock.now()) >= quote.expires_at else "open"


def partner_bonus(partner: Partner | None, price: int, currency: str) -> int:
    """A brand programme's bonus on top of the quote, paid by the brand (0 without one)."""
    if partner is None or partner.kind != PartnerKind.BRAND or not partner.bonus_bps:
        return 0
    return Money(price, currency).scaled(Fraction(partner.bonus_bps, 10_000)).amount


def eligible_for(partner: Partner, product_id: int) -> bool:
    models = partner.eligible_models
    return not models.exists() or models.filter(pk=product_id).exists()


def request_quote(
    *,
    product_id: int,
    market: str,
    answers: dict,
    storage_gb: int | None = 0,
    partner: str | None = None,
    store: Store | None = None,
    user=None,
    at: datetime | None = None,
) -> Quote:
    """Quote `product_id` (in `storage_gb`) in the declared condition, in `market`. 422 names a bad field;
    409 `no_buyback_offer` when no refurbisher buys it in that condition there now."""
    at = at or clock.now()
    product = selectors.tradeable_product(product_id) if isinstance(product_id, int) else None
    if product is None:
        raise Invalid.field("product_id", "unknown_product", _("No device model with this id."))
    market_obj = markets.get(market)
    options = selectors.storage_options(product)
    storage_gb = storage_gb or 0
    if options and storage_gb not in options:
        raise Invalid.field(
            "storage_gb",
            "unknown_storage",
            _("Choose the storage: %s GB.") % ", ".join(str(o) for o in options),
            options=options,
        )
    if not options and storage_gb:
        raise Invalid.field("storage_gb", "unknown_storage", _("This model has no storage options; send 0."))
    parsed = conditions.parse(answers, product=product)
    tier = conditions.tier_for(parsed)
    programme = _programme(partner, store, product.pk)
    ranked = selectors.ranked_offers(
        product_id=product.pk, storage_gb=storage_gb, tier=tier, market=market_obj, at=at
    )
    week = selectors.week_start(at, market_obj.timezone)
    with transaction.atomic():
        # The best offer whose capacity still has a place this week; a place taken meanwhile by a racing
        # quote moves on to the next best (docs/trade-in.md "Capacity").
        offer = next((o for o in ranked if reserve_place(o, week=week)), None)
        if offer is None:
            raise Conflict(
                _("No refurbisher buys this model in this condition in %(m)s right now.")
                % {"m": market_obj.name},
                code="no_buyback_offer",
                tier=tier,
            )
        return Quote.objects.create(
            ref=public_ref("QTE"),
            product=product,
            storage_gb=storage_gb,
            market=market_obj,
            answers=parsed.as_dict(),
            tier=tier,
            buyback_offer=offer,
            seller_id=offer.seller_id,
            price_amount=offer.price_amount,
            bonus_amount=partner_bonus(programme, offer.price_amount, offer.currency),
            currency=offer.currency,
            partner=programme,
            store=store,
            user=user if getattr(user, "is_authenticated", False) else None,
            created_at=at,
            expires_at=at + QUOTE_VALIDITY,
        )


def reserve_place(offer: BuybackOffer, *, week) -> bool:
    """Take one place of the offer's weekly capacity for a quote: a conditional increment, never past the
    capacity (read in the same statement), so racing quotes cannot overshoot it."""
    row, _created = BuybackCapacity.objects.get_or_create(buyback_offer=offer, week_start=week)
    capacity = BuybackOffer.objects.filter(pk=offer.pk).values("weekly_capacity")[:1]
    return bool(
        BuybackCapacity.objects.filter(pk=row.pk, reserved__lt=Subquery(capacity)).update(
            reserved=F("reserved") + 1
        )
    )


def _programme(slug: str | None, store: Store | None, product_id: int) -> Partner | None:
    if store is not None:
        return store.partner
    if not slug:
        return None
    partner = selectors.partner_by_slug(slug)
    if partner is None:
        raise Invalid.field("partner", "unknown_partner", _("No partner programme %r.") % slug)
    if not eligible_for(partner, product_id):
        raise Invalid.field(
            "product_id",
            "not_eligible_for_partner",
            _("This model is not part of %(p)s's programme.") % {"p": partner.name},
        )
    return partner
