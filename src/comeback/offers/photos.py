"""Photos of the very unit an offer sells (docs/storefront.md "Photos"): added, reordered and deleted by the
offer's seller, read by every buyer.

Every file passes `core.images.accept` (content check, 40-megapixel gate, metadata stripped), is rendered
in several widths as WebP and JPEG, and is stored through Django's storage API under a name derived from
its content, so a retried or repeated upload writes nothing twice and a rolled-back one leaves nothing a
row points to. The cap per offer is checked under the offer's row lock, so two racing uploads cannot
together pass it.

A photo a passport's grading report names is evidence of how the unit was sold (docs/passports.md): deleting
it from the listing retires it instead, so the listing no longer shows it and the passport still does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import router, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from comeback.core import clock, images, outbox
from comeback.core.problems import Invalid, NotFound
from comeback.core.rows import Columns, Read, read_together
from comeback.sellers.models import Seller

from . import slot_sql
from .models import Offer, OfferPhoto

MAX_PER_OFFER = 8
MAX_ALT = 200


# Writes -----------------------------------------------------------------------------------------------
def add_photos(
    *,
    seller: Seller,
    offer_id: int,
    files: list,
    alt: str = "",
    defect: str = "",
    defect_note: str = "",
    at: datetime | None = None,
) -> list[OfferPhoto]:
    """Add photos after the offer's existing ones. A file that is not an image, is damaged, too large or
    above 40 megapixels is a 422 naming it (`errors[0].file`); nothing is added then.

    `defect` marks the photos as the disclosure of one defect of the unit (a garment's stain, pilling,
    repair…), one the offer's condition scheme knows (catalog/conditions.py), with an optional note."""
    at = at or clock.now()
    offer = _own(seller, offer_id)
    files = list(files or [])
    if not files:
        raise Invalid.field("photos", "photos_required", _("Choose at least one photo."))
    if len(files) > MAX_PER_OFFER:
        raise _too_many()
    alt = " ".join((alt or "").split())
    if len(alt) > MAX_ALT:
        raise Invalid.field("alt", "alt_too_long", _("At most %(n)d characters.") % {"n": MAX_ALT})
    defect, defect_note = (defect or "").strip(), " ".join((defect_note or "").split())
    known = [d.code for d in offer.variant.product.category.conditions.defects]
    if defect and defect not in known:
        raise Invalid.field(
            "defect",
            "defect_not_in_scheme",
            _("Defects this listing can disclose: %s.") % (", ".join(known) or _("none")),
        )
    if len(defect_note) > MAX_ALT:
        raise Invalid.field(
            "defect_note", "defect_note_too_long", _("At most %(n)d characters.") % {"n": MAX_ALT}
        )
    if defect_note and not defect:
        raise Invalid.field("defect", "defect_required", _("Name the defect the note describes."))
    accepted = []
    for index, upload in enumerate(files):
        name = str(getattr(upload, "name", "") or "")[:200]
        try:
            accepted.append(images.accept(upload, field=f"photos[{index}]"))
        except Invalid as exc:
            for error in exc.errors:
                error["file"] = name
            exc.detail = f"{name}: {exc.detail}" if name else exc.detail
            raise
    stored = [
        (photo, images.store_renditions(photo)) for photo in accepted
    ]  # slow work before any lock is taken
    with transaction.atomic():
        Offer.objects.select_for_update().filter(pk=offer.pk).first()  # one upload at a time per offer
        existing = list(_listed().filter(offer=offer).values_list("position", flat=True))
        if len(existing) + len(stored) > MAX_PER_OFFER:
            raise _too_many()
        start = max(existing, default=-1) + 1
        rows = OfferPhoto.objects.bulk_create(
            OfferPhoto(
                offer=offer,
                position=start + i,
                alt=alt,
                width=photo.width,
                height=photo.height,
                sha256=photo.sha256,
                defect=defect,
                defect_note=defect_note,
                files=files_,
                uploaded_at=at,
            )
            for i, (photo, files_) in enumerate(stored)
        )
        outbox.emit("offer.updated", offer_id=offer.pk, seller_id=seller.pk, fields=["photos"])
    if not all(r.pk for r in rows):  # bulk_create fills keys on PostgreSQL and SQLite ≥ 3.35; be sure
        rows = list(OfferPhoto.objects.filter(offer=offer, position__gte=start).order_by("position"))
    return rows


def delete_photo(*, seller: Seller, offer_id: int, photo_id: int, at: datetime | None = None) -> None:
    """Take one photo off one's own offer; another seller's photo is a 404, never revealed. A photo no passport
    names is deleted; one a passport's grading report names is retired: kept and served for the passport.
    Delete first, then retire: a passport keeping the photo between the two makes the second one act."""
    at = at or clock.now()
    missing = NotFound(_("This listing has no photo %s.") % photo_id, code="photo_not_found")
    if not Offer.objects.filter(pk=offer_id, seller=seller).exists():
        raise missing
    with transaction.atomic():
        # One table per statement, so each re-checks `in_passport` on the row it acts on.
        listed = _listed().filter(pk=photo_id, offer_id=offer_id)
        deleted, _rows = listed.filter(in_passport=False).delete()
        if not deleted and not listed.filter(in_passport=True).update(retired_at=at):
            raise missing
        outbox.emit("offer.updated", offer_id=offer_id, seller_id=seller.pk, fields=["photos"])


def reorder_photos(*, seller: Seller, offer_id: int, photo_ids: list[int]) -> list[OfferPhoto]:
    """Put the offer's photos in this order; the list must name each of them exactly once."""
    offer = _own(seller, offer_id)
    with transaction.atomic():
        Offer.objects.select_for_update().filter(pk=offer.pk).first()
        current = set(_listed().filter(offer=offer).values_list("pk", flat=True))
        if len(photo_ids) != len(set(photo_ids)) or set(photo_ids) != current:
            raise Invalid.field(
                "photo_ids", "photo_order_incomplete", _("Name each photo of this listing exactly once.")
            )
        for position, pk in enumerate(photo_ids):
            OfferPhoto.objects.filter(pk=pk, offer=offer).update(position=position)
        outbox.emit("offer.updated", offer_id=offer.pk, seller_id=seller.pk, fields=["photos"])
    return list(_listed().filter(offer=offer))


def _listed():
    """The photos a listing shows: every one but those retired after a passport kept them."""
    return OfferPhoto.objects.filter(retired_at__isnull=True)


def _own(seller: Seller, offer_id: int) -> Offer:
    offer = (
        Offer.objects.filter(pk=offer_id, seller=seller).select_related("variant__product__category").first()
    )
    if offer is None:
        raise NotFound(_("You have no listing %s.") % offer_id, code="listing_not_found")
    return offer


def _too_many() -> Invalid:
    return Invalid.field(
        "photos", "too_many_photos", _("A listing has at most %(n)d photos.") % {"n": MAX_PER_OFFER}
    )


# Reads ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Size:
    width: int
    height: int
    webp: str
    jpeg: str


@dataclass(frozen=True)
class Shown:
    """A photo as pages and the API show it: its sizes, smallest first, and its alt text."""

    id: int
    position: int
    alt: str
    width: int
    height: int
    sizes: list[Size]
    defect: str = ""  # the defect it discloses (catalog/conditions.py), blank for a plain photo
    defect_label: str = ""
    defect_note: str = ""

    @property
    def thumb(self) -> Size:
        return self.sizes[0]

    @property
    def card(self) -> Size:
        return next((s for s in self.sizes if s.width >= 640), self.sizes[-1])

    @property
    def large(self) -> Size:
        return self.sizes[-1]

    @property
    def srcset_webp(self) -> str:
        return ", ".join(f"{s.webp} {s.width}w" for s in self.sizes)

    @property
    def srcset_jpeg(self) -> str:
        return ", ".join(f"{s.jpeg} {s.width}w" for s in self.sizes)


def sizes_of(row, *, url_name: str = "offer_photo") -> list[Size]:
    """The stored widths of a photo row (`files`, `width`, `height`), each with the URLs that serve it."""
    sizes = []
    for width in row.widths():
        height = max(1, round(row.height * width / row.width))
        sizes.append(
            Size(
                width=width,
                height=height,
                webp=reverse(url_name, args=(row.pk, width, "webp")),
                jpeg=reverse(url_name, args=(row.pk, width, "jpg")),
            )
        )
    return sizes


def shown(row: OfferPhoto, *, default_alt: str = "") -> Shown:
    return Shown(
        id=row.pk,
        position=row.position,
        alt=row.alt or default_alt,
        width=row.width,
        height=row.height,
        sizes=sizes_of(row),
        defect=row.defect,
        defect_label=row.defect_label,
        defect_note=row.defect_note,
    )


def unit_alt(offer: Offer, n: int, *, product: str | None = None) -> str:
    """The alt text of a photo its seller left without one; `product` ("Apple iPhone 13 128 GB") spares
    loading the offer's variant when the caller knows it."""
    return _("Photo %(n)d of the unit for sale: %(product)s, %(grade)s") % {
        "n": n,
        "product": product or offer.variant,
        "grade": offer.get_grade_display(),
    }


def photos_of(offers: list[Offer], *, product: str | None = None) -> dict[int, list[Shown]]:
    """The photos of several offers in one query, by offer id, in the seller's order. `product` names what
    they all sell (a product page's variant), for the default alt text, without a query per offer."""
    return shown_of(offers, listed_of([o.pk for o in offers]), product=product)


def shown_of(
    offers: list[Offer], rows: list[OfferPhoto], *, product: str | None = None
) -> dict[int, list[Shown]]:
    """`photos_of` for these offers' listed photos already read (`listed_read`)."""
    by_offer: dict[int, list[Shown]] = {o.pk: [] for o in offers}
    known = {o.pk: o for o in offers}
    if product is None and any(not row.alt for row in rows):
        _load_variants([known[row.offer_id] for row in rows if not row.alt])
    for row in rows:
        n = len(by_offer[row.offer_id]) + 1
        alt = row.alt or unit_alt(known[row.offer_id], n, product=product)
        by_offer[row.offer_id].append(shown(row, default_alt=alt))
    return by_offer


# Every column of a photo, read by hand: a product page asks for its winners' photos on every request, and
# compiling the ORM's query cost most of what reading them did (docs/performance.md "Render path: product
# page"). tests/offers/test_photo_badge_sql.py holds it equal to `_listed()`'s query on both databases.
_PHOTO = Columns.every(OfferPhoto, "p")
_LISTED_SQL = (
    f'SELECT {_PHOTO.select()} FROM "{OfferPhoto._meta.db_table}" p'
    ' WHERE p."retired_at" IS NULL AND p."offer_id" IN ({ids}) ORDER BY p."offer_id", p."position", p."id"'
)


def listed_read(offer_ids: list[int]) -> Read | None:
    """The statement of `listed_of`, to send with others (core/rows.py `read_together`); None for no offers."""
    if not offer_ids:
        return None
    sql = _LISTED_SQL.replace("{ids}", ", ".join(["%s"] * len(offer_ids)))
    return Read(router.db_for_read(OfferPhoto), sql, list(offer_ids))


def listed_shown_read(shown_cte: str, params: list) -> Read:
    """`listed_read` for a product page's shown offers (offers/slot_sql.py `shown_variant_offers`)."""
    sql = f"{shown_cte} {_LISTED_SQL.replace('{ids}', slot_sql.SHOWN_IDS)}"
    return Read(router.db_for_read(OfferPhoto), sql, list(params))


def listed_from(read: Read | None, rows: list[tuple]) -> list[OfferPhoto]:
    return [_PHOTO.build(read.alias, row) for row in rows] if read is not None else []


def listed_of(offer_ids: list[int]) -> list[OfferPhoto]:
    """The listed photos of these offers, by offer then the seller's order: the same instances as
    `_listed().filter(offer_id__in=offer_ids).order_by("offer_id", "position", "id")`, and no query for none."""
    read = listed_read(offer_ids)
    return listed_from(read, read_together([read])[0])


def _load_variants(offers: list[Offer]) -> None:
    """The variants (with product and brand) of offers that were read without them, in one query."""
    from comeback.catalog.models import Variant

    missing = {o.variant_id for o in offers if not Offer.variant.is_cached(o)}
    if not missing:
        return
    variants = Variant.objects.select_related("product__brand").in_bulk(missing)
    for offer in offers:
        if offer.variant_id in variants:
            offer.variant = variants[offer.variant_id]


def stored_file(*, photo_id: int, width: int, ext: str) -> tuple[str, str] | None:
    """(storage name, content type) of one rendition, or None."""
    row = OfferPhoto.objects.filter(pk=photo_id).only("files").first()
    if row is None:
        return None
    name = row.files.get(f"{width}.{ext}")
    if name is None:
        return None
    return name, "image/webp" if ext == "webp" else "image/jpeg"


def keep_for_passport(offer: Offer) -> list[dict]:
    """What a passport's grading report keeps of the offer's unit photos (passports/handlers.py, in the
    transaction recording it): each photo's content hash, size, alt text and the defect it discloses; never a
    person's name or a location, which the image gate stripped before storing anything. The photos are marked
    kept first, then read, so a deletion racing this either removed a photo before it was read or retires it."""
    _listed().filter(offer=offer, in_passport=False).update(in_passport=True)
    return [
        {
            k: v
            for k, v in {
                "sha256": row.sha256,
                "width": row.width,
                "height": row.height,
                "alt": row.alt or unit_alt(offer, n),
                "defect": row.defect,
            }.items()
            if v not in ("", None)
        }
        for n, row in enumerate(
            _listed().filter(offer=offer).exclude(sha256="").order_by("position", "id"), start=1
        )
    ]


def by_content(hashes: list[str], *, seller_id: int | None) -> dict[str, Shown]:
    """One seller's stored unit photos by content hash (one query), as pages show them, retired ones included
    (a passport keeps what it was graded with); a hash none of its photos holds is left out, and so is every
    hash without a seller."""
    found: dict[str, Shown] = {}
    if seller_id is None:
        return found
    rows = OfferPhoto.objects.filter(sha256__in=[h for h in hashes if h], offer__seller_id=seller_id)
    for row in rows.order_by("-id"):
        if row.files and row.sha256 not in found:
            found[row.sha256] = shown(row)
    return found
