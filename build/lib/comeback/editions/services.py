"""Making upcycled limited editions (docs/fashion.md "Upcycled editions"): every write of editions, one use
case per function, each in one transaction.

Who acts is recovery's operator: the shop that holds the upcycled units (a refurbisher or a maker's shop;
its own units and editions, another's are 404) or Comeback staff (any edition, selling in a shop's name).
A piece is made from units the shop allocated to the edition's collection: each unit goes into one piece.

Numbering: the edition row's counter moves by one guarded UPDATE (`made < size`), so racing makers queue on
the row and each gets the next number; the unique (edition, number) constraint is the backstop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from comeback.catalog import services as catalog_services
from comeback.catalog.models import Brand, Category
from comeback.core import clock, markets
from comeback.core.problems import Conflict, Forbidden, Invalid, NotFound
from comeback.offers import services as offer_services
from comeback.passports import upcycling
from comeback.recovery import handlers as recovery_passports
from comeback.recovery.models import CollectedDevice, Collection
from comeback.recovery.models import Status as DeviceStatus
from comeback.recovery.processes import Actor
from comeback.recovery.services import Operator
from comeback.sellers.models import SELLING_STATUSES, Seller

from .models import MAX_DONORS, MAX_EDITION_SIZE, Edition, EditionDonor, EditionItem

NUMBER_ATTRIBUTE = "edition_number"  # the variant attribute that carries a piece's number


def _text(value, limit: int) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class EditionDraft:
    collection_id: int
    name: str
    category: str
    size: int
    price: int
    market: str
    story: str = ""
    seller_id: int | None = None  # staff only: the shop that sells it


def _seller_for(op: Operator, seller_id: int | None):
    if op.actor != Actor.STAFF:
        return op.seller
    seller = Seller.objects.filter(pk=seller_id).first() if _whole(seller_id) else None
    if seller is None:
        raise Invalid.field("seller_id", "unknown_seller", _("Name the shop that sells this edition."))
    return seller


def _category_errors(slug: str) -> tuple[Category | None, list[dict]]:
    category = Category.objects.filter(slug=slug).first() if slug else None
    if category is None:
        return None, [{"field": "category", "code": "unknown_category", "message": _("No such category.")}]
    numbered = not catalog_services.validate_attributes(category.variant_schema, {NUMBER_ATTRIBUTE: 1})
    if category.has_battery or not numbered:
        return category, [
            {
                "field": "category",
                "code": "category_not_for_editions",
                "message": _(
                    "This category does not take numbered pieces; choose the upcycled editions one."
                ),
            }
        ]
    return category, []


def create_edition(*, op: Operator, draft: EditionDraft, at: datetime | None = None) -> Edition:
    """A numbered run of `size` pieces in a creative collection: its catalogue product is created now, each
    piece's variant, offer and passport when the piece is made (`make_item`)."""
    at = at or clock.now()
    seller = _seller_for(op, draft.seller_id)
    if seller.status not in SELLING_STATUSES:
        raise Forbidden(_("Only an active shop sells editions."), code="seller_not_active")
    name, story = _text(draft.name, 120), _text(draft.story, 2000)
    errors: list[dict] = []
    collection = (
        Collection.objects.filter(pk=draft.collection_id, is_active=True).first()
        if _whole(draft.collection_id)
        else None
    )
    if collection is None:
        errors.append(
            {"field": "collection_id", "code": "unknown_collection", "message": _("No such collection.")}
        )
    if not name:
        errors.append({"field": "name", "code": "name_required", "message": _("This field is required.")})
    category, category_errors = _category_errors(_text(draft.category, 50))
    errors += category_errors
    if not _whole(draft.size) or not 1 <= draft.size <= MAX_EDITION_SIZE:
        errors.append(
            {
                "field": "size",
                "code": "size_range",
                "message": _("An edition has between 1 and %d pieces.") % MAX_EDITION_SIZE,
            }
        )
    if not _whole(draft.price) or draft.price <= 0:
        errors.append({"field": "price", "code": "price_positive", "message": _("Give a positive price.")})
    market = markets.find(draft.market) if isinstance(draft.market, str) else None
    if market is None or market.code not in (seller.markets or []):
        errors.append(
            {
                "field": "market",
                "code": "market_not_allowed",
                "message": _("The shop is not approved to sell in this market."),
            }
        )
    Invalid.raise_any(errors)
    with transaction.atomic():
        product = catalog_services.create_product(
            category=category,
            brand=_maker_brand(collection.maker),
            name=name,
            description=story or collection.description,
        )
        return Edition.objects.create(
            collection=collection,
            seller=seller,
            product=product,
            market_id=market.code,
            name=name,
            story=story or collection.description,
            size=draft.size,
            price_amount=draft.price,
            currency=market.currency,
            created_at=at,
        )


def _maker_brand(maker: str) -> Brand:
    """The maker's name is the brand of its pieces (the catalogue's brand, created once)."""
    found = Brand.objects.filter(name=maker).first()
    if found is not None:
        return found
    try:
        return catalog_services.create_brand(name=maker)
    except Conflict:  # a racing edition of the same maker created it
        return Brand.objects.get(name=maker)


def edition_for(*, op: Operator, edition_id: int) -> Edition:
    rows = Edition.objects.select_related("collection", "seller", "product__category", "product__brand")
    edition = rows.filter(pk=edition_id).first() if _whole(edition_id) and 0 < edition_id < 2**63 else None
    if edition is None or (op.actor != Actor.STAFF and edition.seller_id != getattr(op.seller, "pk", None)):
        raise NotFound(_("No edition of yours with this id."), code="edition_not_found")
    return edition


def _donors(edition: Edition, refs) -> list[CollectedDevice]:
    """The units a piece is made of: the shop's, allocated to the edition's collection, not used yet."""
    if not isinstance(refs, list) or not refs:
        raise Invalid.field(
            "donors", "donors_required", _("Name the upcycled units this piece is made from.")
        )
    if len(refs) > MAX_DONORS or len(set(refs)) != len(refs):
        raise Invalid.field("donors", "donors_invalid", _("Name at most %d different units.") % MAX_DONORS)
    # Allocated to the edition's collection, or what is left of a unit whose parts were harvested (a part
    # has no passport of its own: it goes to parts stock naming its donor's, docs/fashion.md).
    usable = Q(status=DeviceStatus.UPCYCLED, collection_id=edition.collection_id) | Q(
        status=DeviceStatus.HARVESTED
    )
    found = {
        d.tradein.ref: d
        for d in CollectedDevice.objects.select_related("tradein", "product__brand").filter(
            usable,
            tradein__ref__in=[r for r in refs if isinstance(r, str)],
            seller_id=edition.seller_id,
            edition_donor__isnull=True,
        )
    }
    errors = [
        {
            "field": f"donors.{i}",
            "code": "donor_not_available",
            "message": _(
                "%s is not an unused unit of this shop allocated to the edition's collection or harvested."
            )
            % str(ref)[:40],
        }
        for i, ref in enumerate(refs)
        if ref not in found
    ]
    Invalid.raise_any(errors)
    return [found[r] for r in refs]


def _donor_passports(devices: list[CollectedDevice]) -> list:
    out = []
    for device in devices:
        recovery_passports.sync(device.pk)  # its allocation recorded first, if the outbox has not yet
        passport = recovery_passports.passport_of(device.tradein)
        if passport is None:
            raise Conflict(_("A donor unit has no passport to link."), code="no_passport")
        passport.refresh_from_db()
        out.append(passport)
    return out


def make_item(*, op: Operator, edition_id: int, donors: list[str], at: datetime | None = None) -> EditionItem:
    """Make the next numbered piece from its donor units: its variant, an offer of one unit in the edition's
    market, its passport (naming the donors) and each donor's `upcycled_into`."""
    at = at or clock.now()
    edition = edition_for(op=op, edition_id=edition_id)
    devices = _donors(edition, donors)
    passports = _donor_passports(devices)
    upcycling.check_donors(passports)  # 409 donor_passport_closed: a unit whose life ended otherwise
    scheme = edition.product.category.conditions
    try:
        with transaction.atomic():
            if not Edition.objects.filter(pk=edition.pk, made__lt=F("size")).update(made=F("made") + 1):
                raise Conflict(
                    _("All %d pieces of this edition are made.") % edition.size, code="edition_complete"
                )
            number = Edition.objects.filter(pk=edition.pk).values_list("made", flat=True).get()
            label = f"{number}/{edition.size}"
            variant = catalog_services.create_variant(
                product=edition.product,
                attributes={NUMBER_ATTRIBUTE: number},
                label=label,
                # The piece's SKU says which edition and which number (the model's slug is unique).
                sku=f"{edition.product.slug.upper()[:48]}-{number}",
            )
            offer = offer_services.publish_listing(
                seller=edition.seller,
                draft=offer_services.ListingDraft(
                    variant_id=variant.pk,
                    market=edition.market_id,
                    grade=scheme.codes[0],  # a new piece: the scheme's best grade
                    price=edition.price_amount,
                    currency=edition.currency,
                    quantity=1,
                ),
                at=at,
            )
            passport = upcycling.open_edition_item(
                variant=variant,
                issuer=edition.seller,
                source_ref=f"edition:{edition.pk}:{number}",
                maker_serial=f"ED{edition.pk}-{number}",
                donors=passports,
                facts=upcycling.EditionFacts(
                    edition=f"{edition.name} {label}",
                    number=number,
                    size=edition.size,
                    collection=edition.collection.name,
                    maker=edition.collection.maker,
                    story=edition.story,
                ),
                at=at,
            )
            item = EditionItem.objects.create(
                edition=edition, number=number, variant=variant, offer=offer, passport=passport, made_at=at
            )
            EditionDonor.objects.bulk_create(
                [
                    EditionDonor(item=item, device=d, passport=p)
                    for d, p in zip(devices, passports, strict=True)
                ]
            )
    except (IntegrityError, Conflict) as exc:
        # A racing piece took one of these units first (each unit goes into one piece; its passport closed).
        if isinstance(exc, Conflict) and exc.code not in ("passport_closed", "donor_passport_closed"):
            raise
        raise Conflict(
            _("A donor unit went into another piece meanwhile; choose others."), code="donor_taken"
        ) from None
    return item
