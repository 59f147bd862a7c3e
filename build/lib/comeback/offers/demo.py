"""Demo unit photos: drawn with Pillow (never downloaded), so `make demo` shows the very unit on product pages.

Each picture is a device of the offer's category in its variant's colour on a studio-like backdrop, front and
back, with the marks its grade allows (none for Premium, a few hairlines for Good, visible scuffs for Fair),
and a small "Demo photo" mark. They go through the same gate and renditions as a seller's upload."""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

from comeback.core import images

from . import demo_garments
from .models import OfferPhoto, OfferStatus

PRODUCTS_WITH_PHOTOS = 12  # the first demo products: enough for every page a visitor opens first
COLOURS = {
    "black": (38, 38, 42),
    "midnight": (30, 34, 48),
    "graphite": (70, 72, 76),
    "space grey": (88, 90, 96),
    "space gray": (88, 90, 96),
    "grey": (128, 130, 134),
    "gray": (128, 130, 134),
    "silver": (200, 202, 206),
    "white": (236, 236, 232),
    "starlight": (232, 224, 208),
    "gold": (222, 196, 150),
    "blue": (60, 110, 170),
    "sierra blue": (150, 180, 205),
    "pacific blue": (40, 80, 110),
    "green": (70, 120, 90),
    "alpine green": (60, 90, 70),
    "red": (180, 30, 40),
    "(product)red": (180, 30, 40),
    "purple": (150, 120, 180),
    "pink": (235, 190, 200),
    "yellow": (240, 215, 110),
    "cream": (238, 230, 210),
    "lavender": (190, 180, 220),
}
MARKS = {"premium": 0, "excellent": 2, "good": 6, "fair": 14}


def _colour(variant) -> tuple[int, int, int]:
    name = str((variant.attributes or {}).get("colour", "")).lower()
    return next((rgb for key, rgb in COLOURS.items() if key in name), (110, 112, 118))


def _draw(kind: str, rgb: tuple[int, int, int], grade: str, side: str, seed: int) -> bytes:
    rng = random.Random(seed)
    w, h = 1280, 960
    image = Image.new("RGB", (w, h), (244, 242, 238))
    draw = ImageDraw.Draw(image)
    for y in range(h):  # a soft studio gradient
        shade = 250 - int(22 * y / h)
        draw.line([(0, y), (w, y)], fill=(shade, shade - 2, shade - 5))
    if kind == "laptop":
        box = (250, 190, 1030, 640)
        base = (170, 640, 1110, 700)
    elif kind == "tablet":
        box = (370, 150, 910, 830)
        base = None
    elif kind == "watch":
        box = (480, 260, 800, 660)
        base = None
    else:
        box = (470, 110, 810, 860)
        base = None
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).rounded_rectangle(
        [box[0] + 18, box[1] + 24, box[2] + 18, box[3] + 24], 48, fill=110
    )
    image.paste((150, 146, 140), mask=shadow.filter(ImageFilter.GaussianBlur(22)))
    body = rgb
    draw.rounded_rectangle(
        box, radius=48 if kind != "laptop" else 18, fill=body, outline=(60, 60, 60), width=3
    )
    if base:
        draw.rounded_rectangle(
            base, radius=14, fill=tuple(min(255, c + 18) for c in body), outline=(70, 70, 70)
        )
    inner = (box[0] + 22, box[1] + 22, box[2] - 22, box[3] - 22)
    if side == "front":
        draw.rounded_rectangle(inner, radius=30 if kind != "laptop" else 8, fill=(18, 22, 30))
        glare = [
            (inner[0] + 20, inner[1] + 20),
            (inner[0] + 140, inner[1] + 20),
            (inner[0] + 20, inner[1] + 240),
        ]
        draw.polygon(glare, fill=(44, 50, 62))
    elif kind in ("phone", "generic", "accessory"):
        draw.rounded_rectangle(
            (box[0] + 30, box[1] + 30, box[0] + 170, box[1] + 170),
            radius=30,
            fill=tuple(max(0, c - 25) for c in body),
        )
        for cx, cy in ((box[0] + 70, box[1] + 70), (box[0] + 130, box[1] + 70), (box[0] + 70, box[1] + 130)):
            draw.ellipse(
                (cx - 24, cy - 24, cx + 24, cy + 24), fill=(25, 25, 30), outline=(90, 90, 95), width=3
            )
    else:
        cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
        draw.ellipse((cx - 30, cy - 30, cx + 30, cy + 30), fill=tuple(max(0, c - 30) for c in body))
    for _ in range(MARKS.get(grade, 4)):  # wear the grade allows, drawn as hairline scratches
        x, y = rng.randint(box[0] + 30, box[2] - 30), rng.randint(box[1] + 30, box[3] - 30)
        dx, dy = rng.randint(-60, 60), rng.randint(-20, 20)
        draw.line(
            [(x, y), (x + dx, y + dy)], fill=(210, 210, 205) if side == "front" else (235, 235, 230), width=2
        )
    draw.text((24, h - 36), "Demo photo", fill=(120, 118, 112))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=86)
    return out.getvalue()


def _kind(category) -> str:
    key = (category.illustration or "").lower()
    return key if key in ("phone", "laptop", "tablet", "watch") else "phone"


def _garment_pictures(offer) -> list[tuple[tuple, callable, str, str]]:
    """(key, draw, defect, note) per photo of a garment offer: front, back, and the worn grades' close-up."""
    category = offer.variant.product.category
    shape, rgb = demo_garments.garment_shape(category), demo_garments.garment_colour(offer.variant)
    out = [
        ((shape, rgb, side), lambda s=side: demo_garments.draw_garment(shape, rgb, s, seed=0), "", "")
        for side in ("front", "back")
    ]
    defect, note = demo_garments.DEFECT_BY_GRADE.get(offer.grade, ("", ""))
    if defect:
        out.append(
            ((defect, rgb), lambda: demo_garments.draw_defect(defect, rgb, seed=len(out)), defect, note)
        )
    return out


def _device_pictures(offer) -> list[tuple[tuple, callable, str, str]]:
    product = offer.variant.product
    pictures = []
    for side in ("front", "back"):
        key = (product.category_id, _colour(offer.variant), offer.grade, side)
        pictures.append(
            (
                key,
                lambda k=key: _draw(_kind(product.category), k[1], offer.grade, k[3], seed=hash(k) & 0xFFFF),
                "",
                "",
            )
        )
    return pictures


def seed_demo(ctx) -> None:
    """Photos of the very unit on every active offer of the first demo products (front, back) and of every
    garment, shoe and bag (front, back, and the close-up of a worn one's defect)."""
    products = {p.pk for p in ctx.products[:PRODUCTS_WITH_PHOTOS]}
    # Garments: the offers of each model's first size and colour, enough for its page without slowing seeding.
    first_variant: dict[int, int] = {}
    for o in ctx.offers:
        pid = o.variant.product_id
        first_variant[pid] = min(first_variant.get(pid, o.variant_id), o.variant_id)
    offers = [
        o
        for o in ctx.offers
        if o.status == OfferStatus.ACTIVE
        and (
            o.variant.product_id in products
            or (
                o.variant.product.category.conditions.defects
                and o.variant_id == first_variant[o.variant.product_id]
            )
        )
    ]
    drawn: dict[tuple, tuple[images.Photo, dict]] = {}
    rows = []
    for offer in ctx.progress(offers, "Unit photos"):
        garment = bool(offer.variant.product.category.conditions.defects)
        pictures = _garment_pictures(offer) if garment else _device_pictures(offer)
        for position, (key, draw, defect, note) in enumerate(pictures):
            if key not in drawn:
                photo = images.accept(SimpleUploadedFile("demo.jpg", draw()), field="photos[0]")
                drawn[key] = (photo, images.store_renditions(photo))
            photo, files = drawn[key]
            rows.append(
                OfferPhoto(
                    offer=offer,
                    position=position,
                    alt="",
                    width=photo.width,
                    height=photo.height,
                    sha256=photo.sha256,
                    defect=defect,
                    defect_note=note,
                    files=files,
                    uploaded_at=ctx.now,
                )
            )
    OfferPhoto.objects.bulk_create(rows, batch_size=500)
