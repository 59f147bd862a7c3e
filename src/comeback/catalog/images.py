"""The images a product model is shown with, as paths the storefront and passports both use.

Today a model is shown with its category's illustration (marked as such); model galleries and photos of
the actual unit plug in here, so product pages, the product API and passport credentials follow at once.
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
    illustration: bool  # a drawing of the category, not a picture of this model
    width: int | None = None
    height: int | None = None
    sizes: tuple[Size, ...] = ()  # every stored width of a photo (none for a drawing)


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


def model_images(product) -> list[Image]:
    """The model's images, best first: its photos where staff added some, else the category's drawing."""
    photos = [p for p in product.images.all() if p.files]
    if photos:
        name = f"{product.brand.name} {product.name}"
        return [
            Image(
                path=reverse("model_photo", args=(p.pk, 640 if "640.jpg" in p.files else p.width, "jpg")),
                alt=p.alt or _("Photo of the %s") % name,
                illustration=False,
                width=p.width or None,
                height=p.height or None,
                sizes=_sizes(p),
            )
            for p in photos
        ]
    category = product.category
    key = category.illustration or "generic"
    alt = _("Illustration: %s") % category.name
    return [Image(path=illustration(key), alt=alt, illustration=True)]
