"""Listing offers: every write and rule of the offers context (docs/design.md §2 Grades, Offers; §4 listing body)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.catalog.models import Variant
from comeback.core import clock, markets, outbox
from comeback.core.money import Money
from comeback.core.problems import Conflict, Invalid, NotFound
from comeback.sellers import processes as seller_processes
from comeback.sellers.models import Seller

from . import authentication, events, own_sql, selectors, stock
from .models import Grade, Offer, OfferStatus

MAX_WARRANTY_MONTHS = 60
MAX_HANDLING_DAYS = 10  # business days; docs/design.md §2 default is 1
MAX_QUANTITY = 100_000
# Per unit, in minor units: 100,000.00 in a two-decimal currency (catches a misplaced decimal point),
# 10,000,000 in a zero-decimal one such as JPY (a laptop costs several hundred thousand yen).
MAX_PRICE_MINOR = 10_000_000


@dataclass
class ListingDraft:
    variant_id: int
    market: str
    grade: str
    price: int
    currency: str
    quantity: int
    battery_health_min: int | None = None
    warranty_months: int | None = None
    handling_days: int | None = None


# What a PATCH may change; variant, market and grade define the slot and never change.
EDITABLE_FIELDS = ("price", "quantity", "battery_health_min", "warranty_months", "handling_days", "status")


def _errors_to_problem(errors: list[dict]) -> Invalid:
    first = errors[0]
    return Invalid(first["message"], code=first["code"], errors=errors)


def _validate_terms(
    *,
    variant: Variant,
    market,
    grade: str,
    price: int,
    currency: str,
    quantity: int,
    battery_health_min: int | None,
    warranty_months: int,
    handling_days: int,
) -> list[dict]:
    """Every rule an offer's terms must satisfy. Returns field errors, empty when valid."""
    errors: list[dict] = []

    def err(f: str, code: str, msg: str) -> None:
        errors.append({"field": f, "code": code, "message": msg})

    # Whole numbers only (minor units, units, percent, months, days); later rules compare them.
    numbers = dict(
        price=price, quantity=quantity, warranty_months=warranty_months, handling_days=handling_days
    )
    if battery_health_min is not None:
        numbers["battery_health_min"] = battery_health_min
    for name, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, int):
            err(name, "integer_required", _("%s must be a whole number.") % name)
    if errors:
        return errors

    conditions = variant.product.category.conditions  # the category's condition scheme decides the grades
    if grade not in Grade.values:
        err("grade", "invalid_grade", _("Grade must be one of %s.") % ", ".join(conditions.codes))
    elif grade not in conditions.codes:
        err(
            "grade",
            "grade_not_in_scheme",
            _("%(category)s items are graded %(grades)s.")
            % {"category": variant.product.category.name, "grades": ", ".join(conditions.codes)},
        )
    grade_rule = conditions.grade(grade)
    if currency != market.currency:
        err(
            "currency",
            "currency_mismatch",
            _("Offers in %(m)s are priced in %(c)s.") % {"m": market.code, "c": market.currency},
        )
    if price <= 0:
        err("price", "price_positive", _("Price must be a positive amount in minor units."))
    elif price > MAX_PRICE_MINOR:
        err(
            "price",
            "price_too_high",
            _("Price exceeds %(max)s %(c)s; prices are in minor units (cents).")
            % {"max": Money(MAX_PRICE_MINOR, market.currency).major, "c": market.currency},
        )
    if quantity < 0:
        err("quantity", "quantity_non_negative", _("Quantity cannot be negative."))
    elif quantity > MAX_QUANTITY:
        err("quantity", "quantity_too_high", _("Quantity is at most %d.") % MAX_QUANTITY)

    floor = variant.product.category.battery_floor
    if floor is None:
        if battery_health_min is not None:
            err(
                "battery_health_min",
                "battery_not_applicable",
                _("%s items have no battery; leave battery_health_min empty.")
                % variant.product.category.name,
            )
    else:
        need = max(floor, grade_rule.battery_min or 0) if grade_rule else floor
        if battery_health_min is None:
            err(
                "battery_health_min",
                "battery_health_required",
                _("State the guaranteed minimum battery health (at least %d%%).") % need,
            )
        elif battery_health_min > 100:
            err("battery_health_min", "battery_health_max", _("Battery health is a percentage, at most 100."))
        elif battery_health_min < need:
            rule = "premium_battery_floor" if need > floor else "battery_floor"
            err(
                "battery_health_min",
                rule,
                _("Battery health must be at least %(need)d%% for this offer (%(why)s).")
                % {
                    "need": need,
                    "why": _("Premium grade")
                    if rule == "premium_battery_floor"
                    else variant.product.category.name,
                },
            )

    if warranty_months < market.commercial_warranty_min_months:
        err(
            "warranty_months",
            "warranty_minimum",
            _("Warranty must be at least %(n)d months in %(m)s.")
            % {"n": market.commercial_warranty_min_months, "m": market.code},
        )
    elif warranty_months > MAX_WARRANTY_MONTHS:
        err("warranty_months", "warranty_maximum", _("Warranty is at most %d months.") % MAX_WARRANTY_MONTHS)
    if not 1 <= handling_days <= MAX_HANDLING_DAYS:
        err(
            "handling_days",
            "handling_days_range",
            _("Handling time is between 1 and %d business days.") % MAX_HANDLING_DAYS,
        )
    return errors


def publish_listing(*, seller: Seller, draft: ListingDraft, at: datetime | None = None) -> Offer:
    """Publish a new offer after every rule holds; the seller's process decides whether it may list now."""
    at = at or clock.now()
    market = markets.get(draft.market)
    if market.code not in (seller.markets or []):
        raise Invalid.field(
            "market", "market_not_allowed", _("Your shop is not approved to sell in %s.") % market.code
        )
    variant = Variant.objects.select_related("product__category").filter(pk=draft.variant_id).first()
    if variant is None:
        raise Invalid.field("variant_id", "unknown_variant", _("No variant with id %s.") % draft.variant_id)
    terms = dict(
        grade=draft.grade,
        price=draft.price,
        currency=draft.currency,
        quantity=draft.quantity,
        battery_health_min=draft.battery_health_min,
        warranty_months=draft.warranty_months
        if draft.warranty_months is not None
        else market.commercial_warranty_min_months,
        handling_days=draft.handling_days
        if draft.handling_days is not None
        else seller.default_handling_days,
    )
    errors = _validate_terms(variant=variant, market=market, **terms)
    if errors:
        raise _errors_to_problem(errors)
    try:
        with transaction.atomic():
            # The seller row is the serialisation point for per-seller caps (see sellers.processes).
            seller_processes.ensure_may_publish(seller=seller, market=market, at=at)
            # Above its category's threshold the listing waits for an authenticator (authentication.py).
            threshold = authentication.threshold_for(
                category=variant.product.category, currency=terms["currency"], price_amount=terms["price"]
            )
            offer = Offer.objects.create(
                seller=seller,
                variant=variant,
                market=market,
                status=OfferStatus.IN_REVIEW if threshold else OfferStatus.ACTIVE,
                price_amount=terms.pop("price"),
                published_at=None if threshold else at,
                **terms,
            )
            if threshold:
                authentication.request(offer=offer, threshold=threshold, at=at)
            else:
                outbox.emit("offer.published", offer_id=offer.pk, seller_id=seller.pk)
    except IntegrityError as exc:
        existing = (
            Offer.objects.filter(seller=seller, variant=variant, market=market, grade=draft.grade)
            .exclude(status=OfferStatus.WITHDRAWN)
            .values_list("pk", flat=True)
            .first()
        )
        if existing is None:
            raise
        raise Conflict(
            _("You already list this variant in this grade and market (offer %s); update it instead.")
            % existing,
            code="listing_exists",
            offer_id=existing,
        ) from exc
    return offer


# Which status a seller may move a listing to, from which (a small process table).
SELLER_STATUS_MOVES = {
    (OfferStatus.DRAFT, OfferStatus.ACTIVE),
    (OfferStatus.ACTIVE, OfferStatus.PAUSED),
    (OfferStatus.PAUSED, OfferStatus.ACTIVE),
    (OfferStatus.DRAFT, OfferStatus.WITHDRAWN),
    (OfferStatus.ACTIVE, OfferStatus.WITHDRAWN),
    (OfferStatus.PAUSED, OfferStatus.WITHDRAWN),
}


def update_listing(*, seller: Seller, offer_id: int, changes: dict, at: datetime | None = None) -> Offer:
    """Change price, stock or terms of one's own offer. Allowed during probation.

    Only the fields named in `changes` are written, so two sellers' tabs editing price and stock at
    once do not undo each other; the status we validated against guards the write.
    """
    at = at or clock.now()
    offer = own_offer(seller=seller, offer_id=offer_id)
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise Invalid.field(
            unknown[0], "not_editable", _("%s cannot be changed; withdraw and list again.") % unknown[0]
        )
    if offer.status == OfferStatus.WITHDRAWN:
        raise Conflict(_("This listing is withdrawn and can no longer change."), code="listing_withdrawn")
    if not changes:
        return offer
    market = markets.get(offer.market_id)
    new_status = changes.get("status", offer.status)
    if new_status not in OfferStatus.values:
        raise Invalid.field(
            "status",
            "invalid_status",
            _("Status must be one of %s.") % ", ".join(sorted({to for _from, to in SELLER_STATUS_MOVES})),
        )
    if new_status != offer.status and (offer.status, new_status) not in SELLER_STATUS_MOVES:
        raise Conflict(
            _("A listing cannot go from %(a)s to %(b)s.") % {"a": offer.status, "b": new_status},
            code="invalid_transition",
        )
    terms = dict(
        grade=offer.grade,
        price=changes.get("price", offer.price_amount),
        currency=offer.currency,
        quantity=changes.get("quantity", offer.quantity),
        battery_health_min=changes.get("battery_health_min", offer.battery_health_min),
        warranty_months=changes.get("warranty_months", offer.warranty_months),
        handling_days=changes.get("handling_days", offer.handling_days),
    )
    errors = _validate_terms(variant=offer.variant, market=market, **terms)
    if errors:
        raise _errors_to_problem(errors)
    if "price" in changes:
        authentication.ensure_price_allowed(offer=offer, price_amount=terms["price"])
    columns = {"price": "price_amount"}
    fields = {columns.get(name, name): value for name, value in changes.items()}
    fields["updated_at"] = at
    if new_status == OfferStatus.ACTIVE and offer.status != OfferStatus.ACTIVE and offer.published_at is None:
        fields["published_at"] = at
    with transaction.atomic():
        # Guarded on the status we validated against: a concurrent withdrawal wins, we do not resurrect.
        moved = Offer.objects.filter(pk=offer.pk, seller=seller, status=offer.status).update(**fields)
        if not moved:
            raise Conflict(
                _("The listing changed meanwhile; reload and try again."), code="listing_state_changed"
            )
        outbox.emit_many(
            [("offer.updated", {"offer_id": offer.pk, "seller_id": seller.pk, "fields": sorted(changes)})],
            # Where it shows, read with the offer: the page bump after the commit need not read it again.
            known=[
                events.place(
                    product_id=offer.variant.product_id,
                    product_slug=offer.variant.product.slug,
                    market=offer.market_id,
                )
            ],
        )
    for name, value in fields.items():  # what we wrote, without reading the row back
        setattr(offer, name, value)
    return offer


def withdraw_by_staff(*, offer_id: int, at: datetime | None = None) -> Offer | None:
    """Staff withdraw a listing (a report found it illegal, unsafe, counterfeit or misleading). Guarded: an
    offer already withdrawn stays as it is and None is answered. The statement of reasons is the caller's."""
    at = at or clock.now()
    with transaction.atomic():
        moved = (
            Offer.objects.filter(pk=offer_id)
            .exclude(status=OfferStatus.WITHDRAWN)
            .update(status=OfferStatus.WITHDRAWN, updated_at=at)
        )
        if not moved:
            return None
        offer = Offer.objects.get(pk=offer_id)
        outbox.emit("offer.updated", offer_id=offer.pk, seller_id=offer.seller_id, fields=["status"])
    return offer


def withdraw_all_of_seller(*, seller: Seller, at: datetime) -> int:
    """A removed shop's listings, every one withdrawn at once (sellers/removal.py calls it in the removing
    transaction). Nothing is deleted: orders keep their offers and lines."""
    ids = list(
        Offer.objects.filter(seller=seller).exclude(status=OfferStatus.WITHDRAWN).values_list("pk", flat=True)
    )
    Offer.objects.filter(pk__in=ids).exclude(status=OfferStatus.WITHDRAWN).update(
        status=OfferStatus.WITHDRAWN, updated_at=at
    )
    for offer_id in ids:
        outbox.emit("offer.updated", offer_id=offer_id, seller_id=seller.pk, fields=["status"])
    return len(ids)


def add_unit(
    *, seller: Seller, offer_id: int, battery_health: int | None, at: datetime | None = None
) -> Offer:
    """One more unit on a seller's live offer (a collected device refurbished and listed into its slot).

    A conditional increment: refused when the offer promises more battery than this unit has, so an
    offer's promise holds for every unit it sells."""
    at = at or clock.now()
    with transaction.atomic():
        if not stock.add_unit(offer_id=offer_id, seller_id=seller.pk, battery_health=battery_health, at=at):
            raise Conflict(
                _(
                    "Your live offer for this variant and grade promises more battery than this device "
                    "has; list it in a lower grade."
                ),
                code="listing_promises_more",
                offer_id=offer_id,
            )
    return Offer.objects.get(pk=offer_id)


def match_price_to_win(*, seller: Seller, offer_id: int, at: datetime | None = None) -> Offer:
    """Set one's offer to the highest price that wins its slot now (the portal's one-click action).

    The price is computed at the moment of the click, never taken from the page the seller saw.
    """
    offer = own_offer(seller=seller, offer_id=offer_id)
    target = selectors.prices_to_win([offer]).get(offer.pk)
    if target is None:
        raise Conflict(_("No positive price wins this slot right now."), code="no_winning_price")
    if target == offer.price_amount:
        return offer
    return update_listing(seller=seller, offer_id=offer.pk, changes={"price": target}, at=at)


def own_offer(*, seller: Seller, offer_id: int) -> Offer:
    """The seller's own offer. Another seller's offer is reported as not found, never revealed."""
    # With its category's parent (authentication thresholds are looked up on the category and its ancestors),
    # read by hand: every reprice asks.
    offer = own_sql.own_offer(seller_id=seller.pk, offer_id=offer_id)
    if offer is None:
        raise NotFound(_("You have no listing %s.") % offer_id, code="listing_not_found")
    offer.seller = seller  # the standings rank it by its seller's quality: no second read of the shop
    return offer
