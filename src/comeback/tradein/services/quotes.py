"""Instant quotes: the questionnaire's tier, then the best buyback offer with capacity (quoting.py). Each
quote reserves one place of its offer's weekly capacity (BuybackCapacity), so quotes never overshoot it."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.ids import public_ref
from comeback.core.money import Money
from comeback.core.problems import Conflict, Invalid

from .. import conditions, quote_sql, selectors
from ..models import BuybackCapacity, BuybackOffer, Partner, PartnerKind, Quote, Store, TradeIn
from ..processes import QUOTE_VALIDITY


def quote_status(quote: Quote, at: datetime | None = None) -> str:
    """open | accepted | expired — derived, never stored (a quote lapses by time alone)."""
    if not getattr(quote, "just_issued", False) and TradeIn.objects.filter(quote=quote).exists():
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
    storage_gb = storage_gb or 0
    market_obj = markets.find(market)
    week = selectors.week_start(at, market_obj.timezone) if market_obj is not None else None
    # The model, its storage sizes and the market's live offers for it (every tier) in one go (quote_sql.py)
    found = (
        quote_sql.quote_inputs(
            product_id=product_id, storage_gb=storage_gb, market=market_obj, week=week, at=at
        )
        if isinstance(product_id, int)
        else None
    )
    product = found.product if found is not None else None
    if product is None:
        raise Invalid.field("product_id", "unknown_product", _("No device model with this id."))
    if market_obj is None:
        markets.get(market)  # its 422 names the field
    options = selectors.storage_sizes(found.variant_attributes)
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
    ranked = selectors.ranked(found.offers, tier=tier)
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
        quote = Quote.objects.create(
            ref=public_ref("QTE"),
            product=product,
            storage_gb=storage_gb,
            market=market_obj,
            answers=parsed.as_dict(),
            tier=tier,
            buyback_offer=offer,
            seller=offer.seller,
            price_amount=offer.price_amount,
            bonus_amount=partner_bonus(programme, offer.price_amount, offer.currency),
            currency=offer.currency,
            partner=programme,
            store=store,
            user=user if getattr(user, "is_authenticated", False) else None,
            created_at=at,
            expires_at=at + QUOTE_VALIDITY,
        )
    quote.just_issued = True  # no trade-in can name it before this answer gives its reference
    return quote


def reserve_place(offer: BuybackOffer, *, week) -> bool:
    """Take one place of the offer's weekly capacity for a quote: a conditional increment, never past the
    capacity (read in the same statement), so racing quotes cannot overshoot it. The week's row comes with
    the offer when the quote's read found it (`capacity_id`), else it is made here."""
    row_id = getattr(offer, "capacity_id", None)
    if row_id is None:
        row_id = BuybackCapacity.objects.get_or_create(buyback_offer=offer, week_start=week)[0].pk
    return quote_sql.take_place(capacity_id=row_id, offer_id=offer.pk)


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
