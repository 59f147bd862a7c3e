"""Refurbishers' buyback offers: publish, change, withdraw, and bulk upload from CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.catalog.models import CategoryKind, ProductModel
from comeback.core import clock, csv_import, markets
from comeback.core.problems import Conflict, Forbidden, Invalid, NotFound
from comeback.sellers.models import Seller
from comeback.sellers.selectors import selling_q

from .. import selectors
from ..models import BuybackOffer, BuybackStatus, Tier

MAX_PRICE_MINOR = 10_000_000  # as for sales offers: catches a misplaced decimal point
MAX_WEEKLY_CAPACITY = 100_000
MAX_CSV_ROWS = 5_000
MAX_CSV_BYTES = 1_000_000
CSV_COLUMNS = ("product", "storage_gb", "market", "tier", "price", "currency", "weekly_capacity")
EDITABLE = ("price", "weekly_capacity", "status")


@dataclass
class BuybackDraft:
    product_id: int
    market: str
    tier: str
    price: int
    currency: str
    weekly_capacity: int
    storage_gb: int = 0


def ensure_may_buy_back(seller: Seller, at: datetime) -> None:
    """Refurbishers allowed to sell (full, or probation before its review) may buy back."""
    if not Seller.objects.filter(selling_q(at), pk=seller.pk).exists():
        raise Forbidden(
            _("Only refurbishers in good standing (full, or in probation) may buy back devices."),
            code="seller_may_not_buy_back",
            seller_status=seller.status,
        )


def _err(errors: list, field: str, code: str, message: str) -> None:
    errors.append({"field": field, "code": code, "message": str(message)})


def _check_terms(errors: list, *, price, weekly_capacity, prefix: str = "") -> None:
    for name, value in (("price", price), ("weekly_capacity", weekly_capacity)):
        if isinstance(value, bool) or not isinstance(value, int):
            _err(errors, prefix + name, "integer_required", _("%s must be a whole number.") % name)
    if errors:
        return
    if not 0 < price <= MAX_PRICE_MINOR:
        _err(
            errors,
            prefix + "price",
            "price_out_of_range",
            _("Price must be positive and at most %d minor units.") % MAX_PRICE_MINOR,
        )
    if not 1 <= weekly_capacity <= MAX_WEEKLY_CAPACITY:
        _err(
            errors,
            prefix + "weekly_capacity",
            "capacity_out_of_range",
            _("Weekly capacity must be between 1 and %d devices.") % MAX_WEEKLY_CAPACITY,
        )


def not_approved_message(market: str) -> str:
    return _(
        "Your shop is not approved for %(m)s: buyback offers go only in the markets you may sell in."
    ) % {"m": market}


def _resolve(
    draft: BuybackDraft, *, seller: Seller, prefix: str = "", products: dict | None = None
) -> tuple[ProductModel, object, list]:
    errors: list[dict] = []
    product = (products or {}).get(draft.product_id) or ProductModel.objects.select_related(
        "category"
    ).filter(pk=draft.product_id).first()
    if product is None or product.category.kind != CategoryKind.DEVICE:
        _err(errors, prefix + "product_id", "unknown_product", _("No device model with this id."))
    market = markets.find(draft.market)
    if market is None:
        _err(errors, prefix + "market", "unknown_market", _("Unknown market %r.") % draft.market)
    elif market.code not in (seller.markets or []):
        _err(errors, prefix + "market", "market_not_allowed", not_approved_message(market.code))
    elif draft.currency != market.currency:
        _err(
            errors,
            prefix + "currency",
            "currency_mismatch",
            _("Buyback offers in %(m)s are priced in %(c)s.") % {"m": market.code, "c": market.currency},
        )
    if draft.tier not in Tier.values:
        _err(errors, prefix + "tier", "invalid_tier", _("Tier must be one of %s.") % ", ".join(Tier.values))
    if isinstance(draft.storage_gb, bool) or not isinstance(draft.storage_gb, int) or draft.storage_gb < 0:
        _err(errors, prefix + "storage_gb", "integer_required", _("storage_gb must be a whole number ≥ 0."))
    elif (
        product is not None
        and draft.storage_gb
        and draft.storage_gb not in selectors.storage_options(product)
    ):
        options = ", ".join(str(s) for s in selectors.storage_options(product)) or "—"
        _err(
            errors,
            prefix + "storage_gb",
            "unknown_storage",
            _("This model comes with %s GB; use 0 for every storage.") % options,
        )
    _check_terms(errors, price=draft.price, weekly_capacity=draft.weekly_capacity, prefix=prefix)
    return product, market, errors


def publish_offer(*, seller: Seller, draft: BuybackDraft, at: datetime | None = None) -> BuybackOffer:
    at = at or clock.now()
    ensure_may_buy_back(seller, at)
    product, market, errors = _resolve(draft, seller=seller)
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    try:
        with transaction.atomic():
            return BuybackOffer.objects.create(
                seller=seller,
                product=product,
                storage_gb=draft.storage_gb,
                market=market,
                tier=draft.tier,
                price_amount=draft.price,
                currency=draft.currency,
                weekly_capacity=draft.weekly_capacity,
                created_at=at,
                updated_at=at,
            )
    except IntegrityError as exc:
        existing = (
            BuybackOffer.objects.filter(
                seller=seller,
                product=product,
                storage_gb=draft.storage_gb,
                market=market,
                tier=draft.tier,
            )
            .exclude(status=BuybackStatus.WITHDRAWN)
            .values_list("pk", flat=True)
            .first()
        )
        raise Conflict(
            _("You already have a buyback offer for this model, storage, tier and market; change it."),
            code="buyback_offer_exists",
            offer_id=existing,
        ) from exc


def own_offer(*, seller: Seller, offer_id: int) -> BuybackOffer:
    offer = BuybackOffer.objects.select_related("product__brand").filter(pk=offer_id, seller=seller).first()
    if offer is None:
        raise NotFound(_("No buyback offer of yours with this id."), code="buyback_offer_not_found")
    return offer


def update_offer(*, seller: Seller, offer_id: int, changes: dict, at: datetime | None = None) -> BuybackOffer:
    """Change price, weekly capacity or status (active ↔ paused, → withdrawn, which is final)."""
    at = at or clock.now()
    offer = own_offer(seller=seller, offer_id=offer_id)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise Invalid.field(unknown[0], "not_editable", _("%s cannot be changed.") % unknown[0])
    if offer.status == BuybackStatus.WITHDRAWN:
        raise Conflict(
            _("A withdrawn buyback offer cannot change; publish a new one."), code="buyback_offer_withdrawn"
        )
    errors: list[dict] = []
    _check_terms(
        errors,
        price=changes.get("price", offer.price_amount),
        weekly_capacity=changes.get("weekly_capacity", offer.weekly_capacity),
    )
    status = changes.get("status", offer.status)
    if status not in BuybackStatus.values:
        _err(
            errors,
            "status",
            "invalid_status",
            _("Status must be one of %s.") % ", ".join(BuybackStatus.values),
        )
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    if status == BuybackStatus.ACTIVE and offer.status != BuybackStatus.ACTIVE:
        ensure_may_buy_back(seller, at)
        if offer.market_id not in (seller.markets or []):
            raise Invalid.field("status", "market_not_allowed", not_approved_message(offer.market_id))
    fields = {
        "price_amount": changes.get("price", offer.price_amount),
        "weekly_capacity": changes.get("weekly_capacity", offer.weekly_capacity),
        "status": status,
        "updated_at": at,
    }
    if not BuybackOffer.objects.filter(pk=offer.pk, status=offer.status).update(**fields):
        raise Conflict(
            _("This buyback offer changed meanwhile; reload and try again."), code="buyback_offer_changed"
        )
    offer.refresh_from_db()
    return offer


# Bulk upload ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def _int(value: str) -> int | str:
    text = (value or "").strip()
    try:
        return int(text)
    except ValueError:
        return text


def import_csv(*, seller: Seller, data: bytes | str, at: datetime | None = None) -> ImportResult:
    """Create or update one buyback offer per CSV row (columns: docs/trade-in.md "Bulk upload").

    All or nothing: any bad row refuses the whole file with a 422 naming each row's field
    (`rows[3].price`). `product` is a model id or slug; `price` is in minor units, like the API.
    """
    at = at or clock.now()
    ensure_may_buy_back(seller, at)
    rows = csv_import.read(data, required=CSV_COLUMNS, max_bytes=MAX_CSV_BYTES, max_rows=MAX_CSV_ROWS).rows
    keys = {(r.get("product") or "").strip() for r in rows}
    by_key = {}
    for p in ProductModel.objects.select_related("category").filter(slug__in=keys):
        by_key[p.slug] = p
    ids = [int(k) for k in keys if k.isdigit()]
    for p in ProductModel.objects.select_related("category").filter(pk__in=ids):
        by_key[str(p.pk)] = p
    drafts, errors, seen = [], [], set()
    for n, row in enumerate(rows, start=1):
        product = by_key.get((row.get("product") or "").strip())
        draft = BuybackDraft(
            product_id=product.pk if product else -1,
            market=(row.get("market") or "").strip().upper(),
            tier=(row.get("tier") or "").strip().lower(),
            price=_int(row.get("price")),
            currency=(row.get("currency") or "").strip().upper(),
            weekly_capacity=_int(row.get("weekly_capacity")),
            storage_gb=_int(row.get("storage_gb") or "0"),
        )
        prefix = f"rows[{n}]."
        _product, _market, row_errors = _resolve(
            draft, seller=seller, prefix=prefix, products={product.pk: product} if product else {}
        )
        slot = (draft.product_id, draft.storage_gb, draft.market, draft.tier)
        if not row_errors and slot in seen:
            _err(row_errors, prefix + "product", "duplicate_row", _("This slot appears twice in the file."))
        seen.add(slot)
        errors += [dict(e, field=e["field"].replace(".product_id", ".product")) for e in row_errors]
        drafts.append(draft)
    if errors:
        raise Invalid(
            _("%(n)d error(s) in the file; nothing was imported.") % {"n": len(errors)},
            code="csv_invalid",
            errors=errors[:200],
        )
    created = updated = 0
    with transaction.atomic():
        live = {
            (o.product_id, o.storage_gb, o.market_id, o.tier): o
            for o in BuybackOffer.objects.select_for_update()
            .filter(seller=seller)
            .exclude(status=BuybackStatus.WITHDRAWN)
        }
        new = []
        for d in drafts:
            existing = live.get((d.product_id, d.storage_gb, d.market, d.tier))
            if existing is None:
                new.append(
                    BuybackOffer(
                        seller=seller,
                        product_id=d.product_id,
                        storage_gb=d.storage_gb,
                        market_id=d.market,
                        tier=d.tier,
                        price_amount=d.price,
                        currency=d.currency,
                        weekly_capacity=d.weekly_capacity,
                        created_at=at,
                        updated_at=at,
                    )
                )
            else:
                BuybackOffer.objects.filter(pk=existing.pk).update(
                    price_amount=d.price,
                    weekly_capacity=d.weekly_capacity,
                    status=BuybackStatus.ACTIVE,
                    updated_at=at,
                )
                updated += 1
        BuybackOffer.objects.bulk_create(new)
        created = len(new)
    return ImportResult(created=created, updated=updated)
