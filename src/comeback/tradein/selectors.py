"""Reads of trade-in: model search, quote candidates, the refurbisher's, customer's and partner's lists,
the wins report and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from comeback.catalog.models import CategoryKind, ProductModel, Variant
from comeback.catalog.search import terms
from comeback.core import clock
from comeback.offers import ranking
from comeback.sellers.selectors import selling_q

from . import quoting
from .models import (
    BuybackCapacity,
    BuybackOffer,
    BuybackStatus,
    Partner,
    PartnerMember,
    Quote,
    Store,
    TradeIn,
    TradeInEvent,
    TradeInStatus,
)

MODEL_SEARCH_LIMIT = 30
# Devices and garments (apparel, footwear, bags) are traded in; accessories are not.
TRADEABLE = ~Q(category__kind=CategoryKind.ACCESSORY)


def storage_options(product: ProductModel) -> list[int]:
    """The storage sizes a model comes in (from its variants), ascending; empty for a model without storage."""
    return storage_sizes(Variant.objects.filter(product=product).values_list("attributes", flat=True))


def storage_sizes(variant_attributes) -> list[int]:
    """The storage sizes of variants' attributes, ascending."""
    found = set()
    for attrs in variant_attributes:
        value = (attrs or {}).get("storage_gb")
        if isinstance(value, int) and not isinstance(value, bool):
            found.add(value)
    return sorted(found)


def week_start(at: datetime, tz: str) -> datetime:
    """Monday 00:00 of `at`'s week in the market's timezone (weekly capacity resets then)."""
    local = at.astimezone(ZoneInfo(tz))
    monday = local.date() - timedelta(days=local.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=ZoneInfo(tz))


def eligible_offers(
    *, product_id: int, storage_gb: int, tier: str, market, at: datetime
) -> QuerySet[BuybackOffer]:
    """Live buyback offers for the slot from refurbishers allowed to buy, with the places this week's quotes
    hold (`used_this_week`). Offers in a market their refurbisher is not approved for are left out by
    `in_approved_market` (a JSON list, filtered in Python on every database)."""
    return live_offers(market=market, at=at).filter(
        product_id=product_id, tier=tier, storage_gb__in=sorted({0, storage_gb})
    )


def live_offers(*, market, at: datetime) -> QuerySet[BuybackOffer]:
    """Every live buyback offer of a market from refurbishers allowed to buy, with `used_this_week`."""
    used = BuybackCapacity.objects.filter(
        buyback_offer=OuterRef("pk"), week_start=week_start(at, market.timezone)
    ).values("reserved")[:1]
    return (
        BuybackOffer.objects.filter(market=market, status=BuybackStatus.ACTIVE)
        .filter(selling_q(at, prefix="seller__"))
        .annotate(used_this_week=Coalesce(Subquery(used, output_field=IntegerField()), Value(0)))
        .select_related("seller")
    )


def candidate(offer: BuybackOffer) -> quoting.Candidate:
    s = offer.seller
    return quoting.Candidate(
        offer_id=offer.pk,
        seller_id=offer.seller_id,
        price=offer.price_amount,
        weekly_capacity=offer.weekly_capacity,
        used_this_week=getattr(offer, "used_this_week", 0),
        quality=float(
            ranking.seller_quality(
                quality_score=s.quality_score, rating_sum=s.rating_sum, rating_count=s.rating_count
            )
        ),
    )


def in_approved_market(offer: BuybackOffer) -> bool:
    """A refurbisher buys back only in the markets it is approved to sell in (`Seller.markets`)."""
    return offer.market_id in (offer.seller.markets or [])


def ranked_offers(*, product_id: int, storage_gb: int, tier: str, market, at: datetime) -> list[BuybackOffer]:
    """The offers a quote may take, best first (quoting.py), each with capacity left this week."""
    return ranked(
        eligible_offers(product_id=product_id, storage_gb=storage_gb, tier=tier, market=market, at=at),
        tier=tier,
    )


def ranked(offers, *, tier: str) -> list[BuybackOffer]:
    """Those of `offers` (each with `used_this_week`) of `tier` a quote may take, best first."""
    found = {o.pk: o for o in offers if o.tier == tier and in_approved_market(o)}
    return [found[c.offer_id] for c in quoting.ranked(candidate(o) for o in found.values())]


def best_offer(*, product_id: int, storage_gb: int, tier: str, market, at: datetime) -> BuybackOffer | None:
    ranked = ranked_offers(product_id=product_id, storage_gb=storage_gb, tier=tier, market=market, at=at)
    return ranked[0] if ranked else None


@dataclass
class TradeableModel:
    product: ProductModel
    storage_options: list[int]
    best_price: int | None  # the highest price any tier pays now, minor units
    currency: str | None


def search_models(
    *,
    q: str | None,
    market,
    at: datetime | None = None,
    partner: Partner | None = None,
    limit: int = MODEL_SEARCH_LIMIT,
    offset: int = 0,
) -> list[TradeableModel]:
    """Device and garment models someone buys back in `market`, matching every word of `q` (brand, name,
    category)."""
    at = at or clock.now()
    live, qs = _tradeable(q=q, market=market, at=at, partner=partner)
    products = list(
        qs.select_related("brand", "category").order_by("brand__name", "name", "pk")[offset : offset + limit]
    )
    return _with_prices(products, live=live, market=market)


def count_models(*, q: str | None, market, at: datetime | None = None, partner: Partner | None = None) -> int:
    """How many models `search_models` finds in all."""
    return _tradeable(q=q, market=market, at=at or clock.now(), partner=partner)[1].count()


def _tradeable(*, q, market, at, partner):
    live = BuybackOffer.objects.filter(market=market, status=BuybackStatus.ACTIVE).filter(
        selling_q(at, prefix="seller__")
    )
    qs = ProductModel.objects.filter(TRADEABLE, pk__in=live.values("product_id"))
    for word in terms(q):
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(brand__name__icontains=word)
            | Q(search_text__icontains=word)
            | Q(category__name__icontains=word)
        )
    if partner is not None and partner.eligible_models.exists():
        qs = qs.filter(pk__in=partner.eligible_models.values("pk"))
    return live, qs


def _with_prices(products, *, live, market) -> list[TradeableModel]:
    best = dict(
        live.filter(product__in=products)
        .values("product_id")
        .annotate(m=Max("price_amount"))
        .values_list("product_id", "m")
    )
    options: dict[int, set[int]] = {p.pk: set() for p in products}
    for pid, attrs in Variant.objects.filter(product__in=products).values_list("product_id", "attributes"):
        value = (attrs or {}).get("storage_gb")
        if isinstance(value, int) and not isinstance(value, bool):
            options[pid].add(value)
    return [
        TradeableModel(p, sorted(options[p.pk]), best.get(p.pk), market.currency if p.pk in best else None)
        for p in products
    ]


def tradeable_product(product_id: int) -> ProductModel | None:
    return ProductModel.objects.select_related("brand", "category").filter(TRADEABLE, pk=product_id).first()


# Lists ---------------------------------------------------------------------------------------------

_RELATED = ("product__brand", "product__category", "seller", "market", "partner", "store", "quote")


def quote_by_ref(ref: str) -> Quote | None:
    return (
        Quote.objects.select_related(
            "product__brand", "product__category", "seller", "market", "partner", "store"
        )
        .filter(ref=ref)
        .first()
    )


def tradein_by_ref(ref: str) -> TradeIn | None:
    return TradeIn.objects.select_related(*_RELATED).filter(ref=ref).first()


def _with_details(qs: QuerySet[TradeIn]) -> QuerySet[TradeIn]:
    """What a listed trade-in shows besides itself (counter-offer and its photos, wipe certificate, route,
    timeline), fetched for the whole page at once: a list costs the same few queries for 1 row or 100."""
    return qs.select_related(*_RELATED, "counter_offer", "wipe_certificate", "route").prefetch_related(
        "counter_offer__photos", Prefetch("events", queryset=TradeInEvent.objects.order_by("at", "id"))
    )


def customer_tradeins(user) -> QuerySet[TradeIn]:
    return _with_details(TradeIn.objects.filter(customer=user))


def seller_tradeins(seller, *, status: str | None = None) -> QuerySet[TradeIn]:
    qs = _with_details(TradeIn.objects.filter(seller=seller))
    return qs.filter(status=status) if status else qs


def seller_offers(seller, *, status: str | None = None) -> QuerySet[BuybackOffer]:
    qs = BuybackOffer.objects.filter(seller=seller).select_related("product__brand", "market")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("product__brand__name", "product__name", "storage_gb", "market_id", "tier")


def timeline(tradein: TradeIn) -> list[TradeInEvent]:
    if "events" in getattr(tradein, "_prefetched_objects_cache", {}):  # a list page fetched them (in order)
        return list(tradein.events.all())
    return list(TradeInEvent.objects.filter(tradein=tradein).order_by("at", "id"))


def seller_counts(seller) -> dict[str, int]:
    rows = TradeIn.objects.filter(seller=seller).values("status").annotate(n=Count("pk")).order_by()
    return {r["status"]: r["n"] for r in rows}


@dataclass
class WinRow:
    offer: BuybackOffer
    quotes_won: int
    accepted: int
    paid: int
    used_this_week: int
    price_to_win: int | None


def wins_report(seller, *, days: int = 30, at: datetime | None = None) -> list[WinRow]:
    """Per live buyback offer: quotes it won in the last `days`, trade-ins accepted and paid, and the price
    that would win its slot now (quoting.price_to_win)."""
    at = at or clock.now()
    since = at - timedelta(days=days)
    offers = list(seller_offers(seller).exclude(status=BuybackStatus.WITHDRAWN))
    won = dict(
        Quote.objects.filter(buyback_offer__in=offers, created_at__gte=since)
        .values("buyback_offer")
        .annotate(n=Count("pk"))
        .values_list("buyback_offer", "n")
    )
    tradeins = TradeIn.objects.filter(buyback_offer__in=offers, accepted_at__gte=since).values(
        "buyback_offer"
    )
    accepted = dict(tradeins.annotate(n=Count("pk")).values_list("buyback_offer", "n"))
    paid = dict(
        tradeins.filter(status=TradeInStatus.PAID).annotate(n=Count("pk")).values_list("buyback_offer", "n")
    )
    # Every slot's rivals in one query per market (not one per offer): the live offers of the same products.
    pool: list[BuybackOffer] = []
    for market_id in sorted({o.market_id for o in offers}):
        mine = [o for o in offers if o.market_id == market_id]
        live = live_offers(market=mine[0].market, at=at).filter(product_id__in={o.product_id for o in mine})
        pool.extend(o for o in live if in_approved_market(o))
    rows = []
    for offer in offers:
        rivals = [
            candidate(o)
            for o in pool
            if (o.market_id, o.product_id, o.tier) == (offer.market_id, offer.product_id, offer.tier)
            and o.storage_gb in (0, offer.storage_gb)
        ]
        mine = next((c for c in rivals if c.offer_id == offer.pk), None)
        rows.append(
            WinRow(
                offer=offer,
                quotes_won=won.get(offer.pk, 0),
                accepted=accepted.get(offer.pk, 0),
                paid=paid.get(offer.pk, 0),
                used_this_week=mine.used_this_week if mine else 0,
                price_to_win=quoting.price_to_win(mine, rivals) if mine else None,
            )
        )
    return rows


# Partners ------------------------------------------------------------------------------------------


def membership(user, partner: Partner | None = None) -> PartnerMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    qs = PartnerMember.objects.filter(user=user, partner__is_active=True).select_related("partner", "store")
    if partner is not None:
        qs = qs.filter(partner=partner)
    return qs.first()


def partner_by_slug(slug: str) -> Partner | None:
    return Partner.objects.filter(slug=slug, is_active=True).first()


def visible_stores(partner: Partner, store: Store | None) -> QuerySet[Store]:
    """A partner's headquarters sees every store; a store's staff (or token) only its own."""
    qs = Store.objects.filter(partner=partner).select_related("market")
    return qs.filter(pk=store.pk) if store is not None else qs


def partner_tradeins(partner: Partner, store: Store | None) -> QuerySet[TradeIn]:
    qs = TradeIn.objects.filter(partner=partner).select_related(*_RELATED)
    return qs.filter(store=store) if store is not None else qs


@dataclass
class StoreStats:
    store: Store | None
    tradeins: int
    paid: int
    paid_amount: dict[str, int]
    commission: dict[str, int]


def partner_stats(partner: Partner, store: Store | None) -> list[StoreStats]:
    """Attribution per store (and the partner's online channel, store None): counts, money paid, commission."""
    qs = partner_tradeins(partner, store)
    rows = (
        qs.values("store_id", "currency")
        .annotate(
            n=Count("pk"),
            paid=Count("pk", filter=Q(status=TradeInStatus.PAID)),
            amount=Coalesce(Sum("final_amount", filter=Q(status=TradeInStatus.PAID)), Value(0)),
            commission=Coalesce(Sum("commission_amount", filter=Q(status=TradeInStatus.PAID)), Value(0)),
        )
        .order_by()
    )
    stores = {s.pk: s for s in visible_stores(partner, store)}
    out: dict[int | None, StoreStats] = {}
    for r in rows:
        key = r["store_id"]
        st = out.setdefault(key, StoreStats(stores.get(key), 0, 0, {}, {}))
        st.tradeins += r["n"]
        st.paid += r["paid"]
        st.paid_amount[r["currency"]] = st.paid_amount.get(r["currency"], 0) + r["amount"]
        st.commission[r["currency"]] = st.commission.get(r["currency"], 0) + r["commission"]
    for pk, s in stores.items():
        out.setdefault(pk, StoreStats(s, 0, 0, {}, {}))
    return sorted(out.values(), key=lambda s: (s.store is not None, s.store.code if s.store else ""))


def weekly_counts(
    partner: Partner, store: Store | None, *, weeks: int = 12, at: datetime | None = None
) -> list[tuple]:
    """(week start date, trade-ins accepted that week) for the last `weeks` weeks, oldest first (UTC weeks)."""
    at = at or clock.now()
    start = week_start(at, "UTC") - timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    for accepted in (
        partner_tradeins(partner, store).filter(accepted_at__gte=start).values_list("accepted_at", flat=True)
    ):
        index = (accepted - start).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return [((start + timedelta(weeks=i)).date(), counts[i]) for i in range(weeks)]
