"""The images a product model is shown with, as paths the storefront and passports both use.

A model is shown with the official photos its brand or staff uploaded (catalog/gallery.py), one gallery per
colour: a photo names the colour it shows, as the variants name it, or none for a photo that fits every
colour. A colour without photos of its own is shown with the photos of no colour, else with the category's
drawing (marked as an illustration): never with a photo of another colour. An uploaded picture may itself be
a drawing of the model (`ProductImage.illustration`, the demo's): it is shown like a photo, in every width,
but marked as an illustration and described as "Drawing of …".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from comeback.web.templatetags.comeback import illustration


@dataclass(frozen=True)
class Size:
    width: int
    height: int
    webp: str
    jpeg: str


@dataclass(frozen=True)
class Image:
    path: str  # site-relative URL (or absolute, for images on a storage host)
    alt: str
    illustration: bool  # a drawing (the category's, or a drawn picture of the model), not a photo
    width: int | None = None
    height: int | None = None
    sizes: tuple[Size, ...] = ()  # every stored width of a photo (none for a drawing)
    colour: str | None = None  # the colour it shows, as the variants name it; None: any colour
    id: int | None = None  # the picture's id (catalog.ProductImage), None for the category's drawing

    @property
    def uploaded(self) -> bool:
        """A stored picture of the model (a photo or a drawing of it), not the category's drawing."""
        return self.id is not None


def _sizes(photo) -> tuple[Size, ...]:
    widths = sorted({int(key.split(".")[0]) for key in photo.files})
    return tuple(
        Size(
            width=w,
            height=max(1, round(photo.height * w / photo.width)) if photo.width else 0,
            webp=reverse("model_photo", args=(photo.pk, w, "webp")),
            jpeg=reverse("model_photo", args=(photo.pk, w, "jpg")),
        )
        for w in widths
    )


def model_images(product, *, colour: str | None = None) -> list[Image]:
    """The model's images, best first. Without `colour`: every photo of the model; with it, that colour's
    gallery (its own photos, then those of no colour), or the category's drawing if it has none."""
    photos = [p for p in product.images.all() if p.files]
    if colour is not None:
        photos = [p for p in photos if p.colour == colour] + [p for p in photos if not p.colour]
    if photos:
        name = f"{product.brand.name} {product.name}"
        return [
            Image(
                path=reverse("model_photo", args=(p.pk, 640 if "640.jpg" in p.files else p.width, "jpg")),
                alt=p.alt or _alt(name, p),
                illustration=p.illustration,
                width=p.width or None,
                height=p.height or None,
                sizes=_sizes(p),
                colour=p.colour or None,
                id=p.pk,
            )
            for p in photos
        ]
    return [drawing(product)]


def _alt(name: str, photo) -> str:
    if photo.illustration:
        if photo.colour:
            return _("Drawing of the %(model)s, %(colour)s") % {"model": name, "colour": photo.colour}
        return _("Drawing of the %s") % name
    if photo.colour:
        return _("Photo of the %(model)s, %(colour)s") % {"model": name, "colour": photo.colour}
    return _("Photo of the %s") % name


def drawing(product) -> Image:
    """The category's drawing, marked as an illustration."""
    category = product.category
    key = category.illustration or "generic"
    return Image(path=illustration(key), alt=_("Illustration: %s") % category.name, illustration=True)


def colour_of(variant) -> str | None:
    """The colour a variant is sold in, as its attributes name it, or None."""
    value = (getattr(variant, "attributes", None) or {}).get("colour")
    return str(value) if value not in (None, "") else None
