"""Carrying out each collected device's route (docs/design.md §2 "Where collected devices go"): every write of
recovery, one use case per function, each in one transaction, moving the device through processes.py.

Who acts: the refurbisher who bought the trade-in (its devices only; another's is 404) or Comeback staff
(every device; the steps the table gives staff). A device's steps start once its trade-in is paid: until
then the money is not settled and the device may still be refused (block list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comeback.catalog.models import Variant
from comeback.core import clock, markets
from comeback.core.problems import Conflict, Forbidden, Invalid, NotFound
from comeback.offers import services as offer_services
from comeback.offers.models import PREMIUM_BATTERY_MIN, Grade, Offer
from comeback.tradein import selectors as tradein_selectors
from comeback.tradein.models import DeviceRoute, Route, TradeIn, TradeInStatus
from comeback.tradein.services import access as tradein_access
from comeback.tradein.services import routing

from . import handlers, parts, processes
from .models import (
    TEXTILE_CERTIFICATIONS,
    Certification,
    CollectedDevice,
    Collection,
    PartFitted,
    PartHarvested,
    Recycler,
)
from .models import Status as S
from .processes import Actor

MAX_OPERATIONS = 20
MAX_PARTS = 15


@dataclass(frozen=True)
class Operator:
    """Who acts on collected devices: a refurbisher (its own devices) or staff (all)."""

    actor: Actor
    user: object = None
    seller: object = None

    @classmethod
    def refurbisher(cls, seller, user=None) -> Operator:
        return cls(Actor.REFURBISHER, user=user or seller.user, seller=seller)

    @classmethod
    def staff(cls, user) -> Operator:
        return cls(Actor.STAFF, user=user)

    def may_see(self, tradein: TradeIn) -> bool:
        if self.actor == Actor.STAFF:
            return True
        return self.seller is not None and tradein.seller_id == self.seller.pk


def _not_found() -> NotFound:
    return NotFound(_("No collected device of yours with this reference."), code="device_not_found")


def tradein_for(*, op: Operator, ref: str) -> TradeIn:
    """A collected (routed) trade-in the operator may see; anyone else's is reported as not found."""
    tradein = tradein_selectors.tradein_by_ref(ref) if ref and "\x00" not in ref and len(ref) <= 40 else None
    if tradein is None or not op.may_see(tradein) or not DeviceRoute.objects.filter(tradein=tradein).exists():
        raise _not_found()
    return tradein


def device_for(*, op: Operator, ref: str, at: datetime | None = None) -> CollectedDevice:
    """The device's carrying-out, begun on the first step (its trade-in must be paid by then)."""
    tradein = tradein_for(op=op, ref=ref)
    device = (
        CollectedDevice.objects.select_related("tradein", "seller", "product__category")
        .filter(tradein=tradein)
        .first()
    )
    if device is not None:
        return _follow(device, at=at or clock.now())
    if tradein.status != TradeInStatus.PAID:
        raise Conflict(
            _("A device's route is carried out once its trade-in is paid."),
            code="tradein_not_paid",
            current_status=str(tradein.status),
        )
    route = DeviceRoute.objects.get(tradein=tradein)
    received = tradein.received_at or tradein.validated_at or tradein.accepted_at
    try:
        with transaction.atomic():
            CollectedDevice.objects.create(
                tradein=tradein,
                seller_id=tradein.seller_id,
                product_id=tradein.product_id,
                market_id=tradein.market_id,
                route=route.route,
                status=S.AWAITING,
                received_at=received,
                moved_at=received,
            )
    except IntegrityError:  # a racing first step created it: use theirs
        pass
    return CollectedDevice.objects.select_related("tradein", "seller", "product__category").get(
        tradein=tradein
    )


def _follow(device: CollectedDevice, *, at: datetime) -> CollectedDevice:
    """A route overridden on the trade-in (tradein's route screen) reroutes a device not yet at its fate."""
    decided = DeviceRoute.objects.filter(tradein_id=device.tradein_id).values_list("route", flat=True).first()
    if decided is None or decided == device.route or device.status not in processes.REROUTABLE:
        return device
    with transaction.atomic():
        moved = CollectedDevice.objects.filter(pk=device.pk, route=device.route, status=device.status).update(
            route=decided, status=S.AWAITING, moved_at=at
        )
        if moved:
            processes.record(
                device,
                "rerouted",
                actor=Actor.REFURBISHER,
                at=at,
                detail={"from": device.route, "to": decided, "via": "tradein"},
            )
    device.refresh_from_db()
    return device


def follow_route(*, tradein_id: int, at: datetime | None = None) -> None:
    """`tradein.routed` handler: idempotent."""
    device = CollectedDevice.objects.filter(tradein_id=tradein_id).first()
    if device is not None:
        _follow(device, at=at or clock.now())


def _by(op: Operator):
    return op.user if getattr(op.user, "pk", None) else None


def _text(value, limit: int) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


# Resell and list ----------------------------------------------------------------------------------


@dataclass
class ListingTerms:
    """Selling one device: its price and promises. A device resold as is is graded here (grade, battery
    measured now); a refurbished one keeps its refurbishing's grade and battery."""

    price: int
    grade: str = ""
    battery_health: int | None = None
    battery_health_min: int | None = None
    warranty_months: int | None = None
    handling_days: int | None = None
    market: str = ""  # default: the trade-in's market (a device may be sold in any market the shop sells in)


def _grade_errors(product, grade: str, battery_health) -> list[dict]:
    errors = []
    if grade not in Grade.values:
        errors.append(
            {
                "field": "grade",
                "code": "invalid_grade",
                "message": _("Grade must be one of %s.") % ", ".join(Grade.values),
            }
        )
    has_battery = product.category.battery_floor is not None
    if has_battery and battery_health is None:
        errors.append(
            {
                "field": "battery_health",
                "code": "battery_health_required",
                "message": _("Measure the battery health (percent)."),
            }
        )
    elif battery_health is not None and (
        isinstance(battery_health, bool)
        or not isinstance(battery_health, int)
        or not 0 <= battery_health <= 100
    ):
        errors.append(
            {
                "field": "battery_health",
                "code": "battery_health_range",
                "message": _("Battery health is a percentage between 0 and 100."),
            }
        )
    elif has_battery and grade == Grade.PREMIUM and battery_health < PREMIUM_BATTERY_MIN:
        errors.append(
            {
                "field": "grade",
                "code": "premium_battery_floor",
                "message": _("Premium needs a battery of at least %d%%.") % PREMIUM_BATTERY_MIN,
            }
        )
    return errors


def _variant(device: CollectedDevice) -> Variant:
    """The catalogue variant the device is: same model and storage (any colour), else the model's only one."""
    variants = list(Variant.objects.filter(product_id=device.product_id).order_by("pk"))
    storage = device.tradein.storage_gb
    for v in variants:
        if storage and (v.attributes or {}).get("storage_gb") == storage:
            return v
    if variants and (not storage or len(variants) == 1):
        return variants[0]
    raise Conflict(
        _("The catalogue has no variant of this model for this device."), code="no_matching_variant"
    )


def _guarantee(product, grade: str, battery_health: int | None, asked: int | None) -> int | None:
    """The battery the listing promises: as asked, else the category's floor (Premium: 90%); never above what
    this device measured."""
    floor = product.category.battery_floor
    if floor is None:
        return asked
    promise = (
        asked if asked is not None else (max(floor, PREMIUM_BATTERY_MIN) if grade == Grade.PREMIUM else floor)
    )
    if (
        battery_health is not None
        and not isinstance(promise, bool)
        and isinstance(promise, int)
        and promise > battery_health
    ):
        raise Invalid.field(
            "battery_health_min",
            "guarantee_above_measured",
            _("You cannot promise %(p)d%% battery: this device measured %(m)d%%.")
            % {"p": promise, "m": battery_health},
        )
    return promise


def _list(
    device: CollectedDevice,
    *,
    op: Operator,
    terms: ListingTerms,
    grade: str,
    battery: int | None,
    at: datetime,
) -> Offer:
    """Publish the device: a new offer of one, or one more unit on the refurbisher's live offer for the
    same variant, grade and market (whose promises this device must meet)."""
    variant = _variant(device)
    promise = _guarantee(device.product, grade, battery, terms.battery_health_min)
    market = markets.get(terms.market or device.market_id)
    draft = offer_services.ListingDraft(
        variant_id=variant.pk,
        market=market.code,
        grade=grade,
        price=terms.price,
        currency=market.currency,
        quantity=1,
        battery_health_min=promise,
        warranty_months=terms.warranty_months,
        handling_days=terms.handling_days,
    )
    try:
        return offer_services.publish_listing(seller=device.seller, draft=draft, at=at)
    except Conflict as exc:
        if exc.code != "listing_exists":
            raise
        offer_id = exc.extra["offer_id"]
    return offer_services.add_unit(seller=device.seller, offer_id=offer_id, battery_health=battery, at=at)


def list_for_sale(
    *, op: Operator, ref: str, terms: ListingTerms, at: datetime | None = None
) -> CollectedDevice:
    """Resell as is (graded now) or a refurbished device (graded by its job): listed as an offer."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.LISTED, op.actor)
    if device.route == Route.RESELL:
        grade, battery = terms.grade, terms.battery_health
        Invalid.raise_any(_grade_errors(device.product, grade, battery))
    else:
        grade, battery = device.grade, device.battery_health
    if isinstance(terms.price, bool) or not isinstance(terms.price, int):
        raise Invalid.field("price", "integer_required", _("price must be a whole number."))
    with transaction.atomic():
        offer = _list(device, op=op, terms=terms, grade=grade, battery=battery, at=at)
        processes.move(
            device,
            S.LISTED,
            actor=op.actor,
            at=at,
            by=_by(op),
            offer=offer,
            grade=grade,
            battery_health=battery,
            detail={"offer_id": offer.pk, "grade": grade},
        )
    return device


# Refurbish ----------------------------------------------------------------------------------------


def start_refurbishing(
    *, op: Operator, ref: str, technician: str = "", at: datetime | None = None
) -> CollectedDevice:
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    with transaction.atomic():
        processes.move(
            device, S.REFURBISHING, actor=op.actor, at=at, by=_by(op), technician=_text(technician, 120)
        )
    return device


def fit_part(
    *,
    op: Operator,
    ref: str,
    part_id: int,
    quantity: int = 1,
    location_id: int | None = None,
    at: datetime | None = None,
) -> PartFitted:
    """A part from stock fitted during the refurbishing job (stock taken by a conditional update)."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    if op.actor != Actor.REFURBISHER:
        raise Forbidden(_("Only the refurbisher fits parts to its devices."), code="actor_not_allowed")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 10:
        raise Invalid.field("quantity", "quantity_range", _("Fit between 1 and 10 of a part."))
    with transaction.atomic():
        # Guarded on the job being open: a part is never fitted to a device that left refurbishing meanwhile.
        if not CollectedDevice.objects.filter(pk=device.pk, status__in=processes.FIT_PARTS_IN).update(
            moved_at=at
        ):
            raise Conflict(
                _("Parts are fitted while the device is being refurbished."),
                code="invalid_transition",
                current_status=str(device.status),
            )
        taken = parts.take(
            seller=device.seller,
            user=op.user,
            market_code=device.market_id,
            part_id=part_id,
            quantity=quantity,
            ref=f"recovery:{device.pk}",
            location_id=location_id,
        )
        fitted = PartFitted.objects.create(
            device=device,
            part_ref=taken.part_ref,
            name=taken.name[:120],
            source=taken.source,
            donor=taken.donor,
            quantity=quantity,
            fitted_at=at,
        )
        processes.record(
            device,
            "part_fitted",
            actor=op.actor,
            at=at,
            by=_by(op),
            detail={"part": taken.name[:120], "source": taken.source, "quantity": quantity},
        )
        processes.emit(device, "recovery.part_fitted")
    return fitted


@dataclass
class Refurbishment:
    grade: str
    battery_health: int | None = None
    operations: list[str] = field(default_factory=list)
    notes: str = ""
    technician: str = ""


def finish_refurbishing(
    *, op: Operator, ref: str, result: Refurbishment, at: datetime | None = None
) -> CollectedDevice:
    """The job is done: the device's grade, battery health and operations; it is ready to list."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.READY, op.actor)
    errors = _grade_errors(device.product, result.grade, result.battery_health)
    operations = [_text(o, 300) for o in (result.operations or []) if isinstance(o, str) and o.strip()]
    if not operations:
        errors.append(
            {
                "field": "operations",
                "code": "operations_required",
                "message": _("Say what was done (one operation per line)."),
            }
        )
    elif len(operations) > MAX_OPERATIONS:
        errors.append(
            {
                "field": "operations",
                "code": "too_many_operations",
                "message": _("At most %d operations.") % MAX_OPERATIONS,
            }
        )
    Invalid.raise_any(errors)
    with transaction.atomic():
        processes.move(
            device,
            S.READY,
            actor=op.actor,
            at=at,
            by=_by(op),
            grade=result.grade,
            battery_health=result.battery_health,
            operations=operations,
            notes=_text(result.notes, 2000),
            technician=_text(result.technician, 120) or device.technician,
            detail={"grade": result.grade, "battery_health": result.battery_health},
        )
    return device


# Harvest, upcycle, recycle ------------------------------------------------------------------------


def harvest(
    *, op: Operator, ref: str, part_types: list[str], notes: str = "", at: datetime | None = None
) -> CollectedDevice:
    """The donor's usable parts go into the refurbisher's parts stock, each linked to the donor's passport;
    the donor's passport is closed as harvested."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.HARVESTED, op.actor)
    chosen = list(dict.fromkeys(part_types or []))
    if not chosen:
        raise Invalid.field(
            "parts",
            "parts_required",
            _("Name at least one usable part; a device with none is recycled instead."),
        )
    if len(chosen) > MAX_PARTS:
        raise Invalid.field("parts", "too_many_parts", _("At most %d parts.") % MAX_PARTS)
    for part_type in chosen:
        parts.check_part_type(part_type)
    donor = handlers.passport_of(device.tradein)
    if donor is None:
        raise Conflict(_("The device has no passport to link its parts to."), code="no_passport")
    with transaction.atomic():
        processes.move(
            device,
            S.HARVESTED,
            actor=op.actor,
            at=at,
            by=_by(op),
            notes=_text(notes, 1000),
            detail={"parts": chosen},
        )
        for part_type in chosen:
            taken = parts.stock_harvested(
                seller=device.seller,
                market_code=device.market_id,
                donor_passport=donor,
                part_type=part_type,
                notes=_text(notes, 300),
            )
            PartHarvested.objects.create(
                device=device, part_ref=taken.part_ref, name=taken.name[:120], harvested_at=at
            )
    return device


def upcycle(
    *, op: Operator, ref: str, collection_id: int, note: str = "", at: datetime | None = None
) -> CollectedDevice:
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.UPCYCLED, op.actor)
    collection = Collection.objects.filter(pk=collection_id, is_active=True).first()
    if collection is None:
        raise Invalid.field(
            "collection_id", "unknown_collection", _("Choose one of the creative collections.")
        )
    with transaction.atomic():
        processes.move(
            device,
            S.UPCYCLED,
            actor=op.actor,
            at=at,
            by=_by(op),
            collection=collection,
            notes=_text(note, 1000),
            detail={"collection": collection.name, "note": _text(note, 300)},
        )
    return device


def hand_to_recycler(
    *, op: Operator, ref: str, recycler_id: int, weight_grams: int | None = None, at: datetime | None = None
) -> CollectedDevice:
    """Handed to a certified recycler, weighed (the route's recorded weight when not weighed again)."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.AT_RECYCLER, op.actor)
    errors = []
    recycler = Recycler.objects.filter(pk=recycler_id, is_active=True).first()
    garment = device.tradein.questionnaire == "garment"
    if recycler is None:
        errors.append(
            {
                "field": "recycler_id",
                "code": "unknown_recycler",
                "message": _("Choose one of the certified recyclers."),
            }
        )
    elif garment != (recycler.certification in TEXTILE_CERTIFICATIONS):
        # Textile-to-textile for garments, e-waste treatment for devices: never the other way round.
        errors.append(
            {
                "field": "recycler_id",
                "code": "recycler_not_certified_for_item",
                "message": _("A garment goes to a certified textile recycler, a device to an e-waste one."),
            }
        )
    if weight_grams is None:
        weight_grams = (
            DeviceRoute.objects.filter(tradein_id=device.tradein_id)
            .values_list("weight_grams", flat=True)
            .first()
        )
        weight_grams = weight_grams or device.product.weight_grams
    if (
        isinstance(weight_grams, bool)
        or not isinstance(weight_grams, int)
        or not 0 < weight_grams <= 1_000_000
    ):
        errors.append(
            {
                "field": "weight_grams",
                "code": "weight_required",
                "message": _("Record the device's weight in grams."),
            }
        )
    Invalid.raise_any(errors)
    with transaction.atomic():
        processes.move(
            device,
            S.AT_RECYCLER,
            actor=op.actor,
            at=at,
            by=_by(op),
            recycler=recycler,
            weight_grams=weight_grams,
            detail={"recycler": recycler.name, "weight_grams": weight_grams},
        )
    return device


def confirm_recycled(
    *, op: Operator, ref: str, certificate_ref: str, at: datetime | None = None
) -> CollectedDevice:
    """The recycler's certificate of treatment: the device's life ends, its passport is closed."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.RECYCLED, op.actor)
    certificate_ref = _text(certificate_ref, 80)
    if not certificate_ref:
        raise Invalid.field(
            "certificate_ref", "certificate_required", _("Give the recycler's certificate reference.")
        )
    with transaction.atomic():
        processes.move(
            device,
            S.RECYCLED,
            actor=op.actor,
            at=at,
            by=_by(op),
            certificate_ref=certificate_ref,
            detail={"certificate_ref": certificate_ref},
        )
    return device


def reroute(
    *,
    op: Operator,
    ref: str,
    route: str,
    reason: str,
    recycler_id: int | None = None,
    at: datetime | None = None,
) -> CollectedDevice:
    """The refurbisher changes a device's route before its fate is sealed (a job shows it is beyond repair,
    or a better use appears): the trade-in's route is overridden (with its reason) and the device starts over."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    if not op.actor & processes.REROUTE_ACTOR:
        raise Forbidden(_("Only the refurbisher reroutes its devices."), code="actor_not_allowed")
    if device.status not in processes.REROUTABLE:
        raise Conflict(
            _("This device has reached its fate; it can no longer be rerouted."),
            code="invalid_transition",
            current_status=str(device.status),
        )
    if route == device.route:
        raise Conflict(_("The device is already on this route."), code="same_route")
    recycler = Recycler.objects.filter(pk=recycler_id, is_active=True).first() if recycler_id else None
    if route == Route.RECYCLE and recycler is None:
        raise Invalid.field("recycler_id", "recycler_required", _("Choose the certified recycler."))
    with transaction.atomic():
        routing.override(
            op=tradein_access.Operator.refurbisher(device.seller, user=op.user),
            ref=device.tradein.ref,
            route=route,
            reason=_text(reason, 300),
            recycler=recycler.name if recycler else "",
            at=at,
        )
        moved = CollectedDevice.objects.filter(pk=device.pk, status=device.status, route=device.route).update(
            route=route, status=S.AWAITING, moved_at=at
        )
        if not moved:
            raise Conflict(
                _("This device changed meanwhile; reload and try again."), code="device_state_changed"
            )
        processes.record(
            device,
            "rerouted",
            actor=op.actor,
            at=at,
            by=_by(op),
            detail={"from": device.route, "to": route, "reason": _text(reason, 300)},
        )
    device.refresh_from_db()
    return device


# The platform's partners: creative collections and certified recyclers ----------------------------


def _staff_only(op: Operator) -> None:
    if op.actor != Actor.STAFF:
        raise Forbidden(_("Only staff manage the platform's recyclers and collections."), code="staff_only")


def create_collection(
    *, op: Operator, name: str, maker: str, description: str = "", at: datetime | None = None
) -> Collection:
    _staff_only(op)
    name, maker = _text(name, 120), _text(maker, 120)
    errors = [
        {"field": f, "code": f"{f}_required", "message": _("This field is required.")}
        for f, v in (("name", name), ("maker", maker))
        if not v
    ]
    Invalid.raise_any(errors)
    slug = slugify(f"{name}-{maker}")[:50] or "collection"
    try:
        with transaction.atomic():
            return Collection.objects.create(
                slug=slug,
                name=name,
                maker=maker,
                description=_text(description, 2000),
                created_at=at or clock.now(),
            )
    except IntegrityError:
        raise Conflict(_("This collection exists already."), code="collection_exists") from None


def create_recycler(
    *,
    op: Operator,
    name: str,
    certification: str,
    country: str,
    certificate_number: str = "",
    at: datetime | None = None,
) -> Recycler:
    _staff_only(op)
    name, country = _text(name, 120), _text(country, 3).upper()
    errors = []
    if not name:
        errors.append({"field": "name", "code": "name_required", "message": _("This field is required.")})
    if certification not in Certification.values:
        errors.append(
            {
                "field": "certification",
                "code": "invalid_certification",
                "message": _("Certification must be one of %s.") % ", ".join(Certification.values),
            }
        )
    if len(country) != 2 or not country.isalpha():
        errors.append(
            {
                "field": "country",
                "code": "invalid_country",
                "message": _("Country is an ISO 3166 two-letter code."),
            }
        )
    Invalid.raise_any(errors)
    try:
        with transaction.atomic():
            return Recycler.objects.create(
                name=name,
                certification=certification,
                country=country,
                certificate_number=_text(certificate_number, 60),
                created_at=at or clock.now(),
            )
    except IntegrityError:
        raise Conflict(_("A recycler with this name exists already."), code="recycler_exists") from None
