"""Demo photos of garments, shoes and bags, drawn with Pillow like the devices' (offers/demo.py).

Each offer of a garment gets a front and a back view in its variant's colour; a Very good or Good one also
gets a close-up of the defect its grade allows (a stain, pilling or a repair), marked as its defect
disclosure, so the product page shows what a buyer would see (docs/fashion.md "Defects")."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

GARMENT_COLOURS = {
    "black": (36, 36, 40),
    "navy": (32, 44, 78),
    "grey": (128, 130, 134),
    "green": (62, 104, 78),
    "olive": (98, 104, 60),
    "cream": (236, 228, 206),
    "camel": (190, 150, 100),
    "light blue": (150, 180, 210),
    "mid blue": (70, 105, 150),
    "dark rinse": (38, 52, 84),
    "stonewash": (120, 150, 180),
    "blue floral": (70, 110, 170),
    "red floral": (170, 50, 60),
    "sand": (214, 196, 160),
    "terracotta": (190, 100, 70),
    "white": (238, 238, 234),
    "brown": (110, 70, 40),
    "tan": (196, 150, 100),
    "cognac": (150, 80, 40),
    "burgundy": (110, 30, 45),
    "pitch blue": (30, 40, 70),
    "forge grey": (96, 98, 100),
}
# The defect a worn grade discloses with its own close-up photo (catalog/conditions.py APPAREL.defects).
DEFECT_BY_GRADE = {
    "very_good": ("pilling", "Light pilling under the arms"),
    "good": ("stain", "Small faint mark"),
}
SHAPES = ("jacket", "knit", "dress", "jeans", "shoe", "bag")


def garment_colour(variant) -> tuple[int, int, int]:
    name = str((variant.attributes or {}).get("colour", "")).lower()
    return next((rgb for key, rgb in GARMENT_COLOURS.items() if key in name), (120, 110, 100))


def garment_shape(category) -> str:
    key = (category.illustration or "").lower()
    return key if key in SHAPES else "jacket"


def _backdrop(w: int, h: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (w, h), (244, 242, 238))
    draw = ImageDraw.Draw(image)
    for y in range(h):
        shade = 250 - int(20 * y / h)
        draw.line([(0, y), (w, y)], fill=(shade, shade - 3, shade - 7))
    return image, draw


def _outline(shape: str) -> list[tuple[int, int]]:
    if shape in ("jacket", "knit"):
        return [
            (520, 140),
            (640, 200),
            (760, 140),
            (930, 210),
            (1030, 620),
            (930, 650),
            (880, 420),
            (880, 860),
            (400, 860),
            (400, 420),
            (350, 650),
            (250, 620),
            (350, 210),
        ]
    if shape == "dress":
        return [
            (540, 110),
            (640, 190),
            (740, 110),
            (790, 260),
            (730, 420),
            (960, 880),
            (320, 880),
            (550, 420),
            (490, 260),
        ]
    if shape == "jeans":
        return [(470, 100), (810, 100), (870, 880), (700, 880), (640, 360), (580, 880), (410, 880)]
    if shape == "shoe":
        return [
            (240, 420),
            (360, 380),
            (420, 480),
            (620, 540),
            (900, 600),
            (1040, 680),
            (1040, 760),
            (240, 760),
        ]
    return [(330, 330), (950, 330), (900, 840), (380, 840)]  # bag


def draw_garment(shape: str, rgb: tuple[int, int, int], side: str, seed: int) -> bytes:
    """A front or back view of a garment of that shape and colour."""
    w, h = 1280, 960
    image, draw = _backdrop(w, h)
    points = _outline(shape)
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).polygon([(x + 16, y + 22) for x, y in points], fill=100)
    image.paste((150, 146, 140), mask=shadow.filter(ImageFilter.GaussianBlur(20)))
    dark = tuple(max(0, c - 40) for c in rgb)
    draw.polygon(points, fill=rgb, outline=dark)
    draw.line([*points, points[0]], fill=dark, width=5)
    if shape == "bag":
        draw.arc((480, 130, 800, 520), 180, 360, fill=dark, width=18)
        if side == "front":
            draw.rectangle((600, 420, 680, 480), fill=(220, 180, 100), outline=dark, width=4)
    elif shape == "shoe":
        draw.rectangle((240, 740, 1040, 780), fill=(245, 245, 240), outline=dark, width=4)
        for i in range(4):
            draw.line([(450 + 45 * i, 470 + 12 * i), (500 + 45 * i, 440 + 12 * i)], fill=dark, width=6)
    elif side == "front" and shape in ("jacket", "knit", "dress"):
        draw.line([(640, 200), (640, 860 if shape != "dress" else 420)], fill=dark, width=4)
    if shape == "knit":  # rib stitches
        for x in range(420, 880, 36):
            draw.line([(x, 820), (x, 858)], fill=dark, width=3)
    draw.text((24, h - 36), "Demo photo", fill=(120, 118, 112))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=86)
    return out.getvalue()


def draw_defect(defect: str, rgb: tuple[int, int, int], seed: int) -> bytes:
    """A close-up of the fabric with the defect: a stain, pilling or a darned repair."""
    rng = random.Random(seed)
    w, h = 1280, 960
    image = Image.new("RGB", (w, h), rgb)
    draw = ImageDraw.Draw(image)
    weave = tuple(max(0, c - 18) for c in rgb)
    for x in range(0, w, 14):
        draw.line([(x, 0), (x, h)], fill=weave, width=2)
    for y in range(0, h, 14):
        draw.line([(0, y), (w, y)], fill=weave, width=1)
    if defect == "stain":
        stain = Image.new("L", (w, h), 0)
        ImageDraw.Draw(stain).ellipse((520, 380, 760, 560), fill=120)
        image.paste((150, 120, 80), mask=stain.filter(ImageFilter.GaussianBlur(30)))
    elif defect == "pilling":
        light = tuple(min(255, c + 40) for c in rgb)
        for _ in range(260):
            x, y = rng.gauss(640, 150), rng.gauss(480, 110)
            r = rng.randint(4, 9)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=light)
    else:  # repair: a darned patch
        draw.rectangle((520, 380, 760, 580), fill=tuple(max(0, c - 30) for c in rgb))
        for x in range(530, 760, 12):
            draw.line([(x, 384), (x, 576)], fill=(230, 220, 200), width=3)
    draw.rectangle((0, 0, w - 1, h - 1), outline=(30, 30, 30), width=6)
    draw.text((24, h - 36), "Demo photo (close-up)", fill=(250, 250, 250))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=86)
    return out.getvalue()
