"""A model's official photos, per colour (docs/storefront.md "Photos"): uploaded, reordered and deleted by
the model's brand (a brand programme's members, tradein partners) or by staff, read by every page that
shows the model (catalog/images.py).

Every file passes `core.images.accept` (content check, 40-megapixel gate, metadata stripped), is rendered in
several widths as WebP and JPEG and stored through Django's storage API under a name derived from its
content, as unit photos are (offers/photos.py). A brand acts on its own brand's models only: another
brand's model is a 404, never revealed. The cap per colour is counted under the model's row lock, so two
racing uploads cannot together pass it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock, images, outbox
from comeback.core.problems import Invalid, NotFound

from . import kept
from .models import ProductImage, ProductModel

MAX_PER_COLOUR = 12
MAX_ALT = 200
TOPIC = "catalog.model.images"  # storefront/handlers.py makes the model's cached pages stale


def _model(*, product_id: int, brand_id: int | None, lock: bool = False) -> ProductModel:
    """The model, if the actor may act on it: `brand_id` is the acting brand's, None for staff."""
    rows = ProductModel.objects.filter(pk=product_id)
    if brand_id is not None:
        rows = rows.filter(brand_id=brand_id)
    if lock:
        rows = rows.select_for_update()
    product = rows.select_related("brand").first()
    if product is None:
        raise NotFound(_("You have no model %s.") % product_id, code="model_not_found")
    return product


def colours_of(product: ProductModel) -> list[str]:
    """The colours the model's variants are sold in, as they name them, in the variants' order."""
    out: list[str] = []
    for attributes in product.variants.values_list("attributes", flat=True):
        value = (attributes or {}).get("colour")
        if value not in (None, "") and str(value) not in out:
            out.append(str(value))
    return out


def model_of(*, product_id: int, brand_id: int | None) -> ProductModel:
    """The model whose photos the actor manages (`brand_id`: the acting brand's, None for staff), or 404."""
    return _model(product_id=product_id, brand_id=brand_id)


def models_of(*, brand_id: int) -> list[tuple[ProductModel, int]]:
    """A brand's models, each with how many official photos it has, in one query."""
    from django.db.models import Count

    rows = (
        ProductModel.objects.filter(brand_id=brand_id)
        .select_related("brand", "category")
        .annotate(photo_count=Count("images"))
        .order_by("name")
    )
    return [(row, row.photo_count) for row in rows]


def add_images(
    *,
    product_id: int,
    brand_id: int | None,
    files: list,
    colour: str = "",
    alt: str = "",
    illustration: bool = False,
    at: datetime | None = None,
) -> list[ProductImage]:
    """Add photos of the model in one colour (blank: every colour) after the existing ones. A file that is
    not an image, is damaged, too large or above 40 megapixels is a 422 naming it; nothing is added then.
    `illustration` marks them as drawings of the model (the demo's), shown as such, never as photos."""
    at = at or clock.now()
    product = _model(product_id=product_id, brand_id=brand_id)
    files = list(files or [])
    if not files:
        raise Invalid.field("images", "images_required", _("Choose at least one photo."))
    if len(files) > MAX_PER_COLOUR:
        raise _too_many()
    colour = " ".join((colour or "").split())
    known = colours_of(product)
    if colour and colour not in known:
        raise Invalid.field(
            "colour",
            "colour_not_sold",
            _("Colours this model is sold in: %s.") % (", ".join(known) or _("none")),
        )
    alt = " ".join((alt or "").split())
    if len(alt) > MAX_ALT:
        raise Invalid.field("alt", "alt_too_long", _("At most %(n)d characters.") % {"n": MAX_ALT})
    accepted = []
    for index, upload in enumerate(files):
        name = str(getattr(upload, "name", "") or "")[:200]
        try:
            accepted.append(images.accept(upload, field=f"images[{index}]"))
        except Invalid as exc:
            for error in exc.errors:
                error["file"] = name
            exc.detail = f"{name}: {exc.detail}" if name else exc.detail
            raise
    stored = [(photo, images.store_renditions(photo)) for photo in accepted]  # slow work before any lock
    with transaction.atomic():
        _model(product_id=product.pk, brand_id=brand_id, lock=True)  # one upload at a time per model
        existing = ProductImage.objects.filter(product=product, colour=colour).count()
        if existing + len(stored) > MAX_PER_COLOUR:
            raise _too_many()
        last = ProductImage.objects.filter(product=product).order_by("-position").first()
        start = last.position + 1 if last else 0
        rows = [
            ProductImage.objects.create(
                product=product,
                colour=colour,
                position=start + i,
                alt=alt,
                width=photo.width,
                height=photo.height,
                sha256=photo.sha256,
                files=files_,
                uploaded_at=at,
                illustration=illustration,
            )
            for i, (photo, files_) in enumerate(stored)
        ]
        outbox.emit(TOPIC, product_id=product.pk, slug=product.slug)
    return rows


def delete_image(*, product_id: int, brand_id: int | None, image_id: int) -> None:
    """Delete one photo of the model; the drawing comes back when a colour has none left."""
    with transaction.atomic():
        product = _model(product_id=product_id, brand_id=brand_id)
        deleted, _rows = ProductImage.objects.filter(pk=image_id, product=product).delete()
        if not deleted:
            raise NotFound(_("This model has no photo %s.") % image_id, code="image_not_found")
        outbox.emit(TOPIC, product_id=product.pk, slug=product.slug)


def reorder_images(*, product_id: int, brand_id: int | None, image_ids: list[int]) -> list[ProductImage]:
    """Put the model's photos in this order; the list must name each of them exactly once."""
    with transaction.atomic():
        product = _model(product_id=product_id, brand_id=brand_id, lock=True)
        current = set(ProductImage.objects.filter(product=product).values_list("pk", flat=True))
        if len(image_ids) != len(set(image_ids)) or set(image_ids) != current:
            raise Invalid.field(
                "image_ids", "image_order_incomplete", _("Name each photo of this model exactly once.")
            )
        for position, pk in enumerate(image_ids):
            ProductImage.objects.filter(pk=pk, product=product).update(position=position)
        kept.changed()  # an UPDATE sends no signal: the product pages' kept photos are read again
        outbox.emit(TOPIC, product_id=product.pk, slug=product.slug)
    return list(ProductImage.objects.filter(product=product).order_by("position", "id"))


def _too_many() -> Invalid:
    return Invalid.field(
        "images",
        "too_many_images",
        _("A model has at most %(n)d photos per colour.") % {"n": MAX_PER_COLOUR},
    )
