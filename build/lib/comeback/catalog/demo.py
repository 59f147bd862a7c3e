"""Demo pictures of every model: one drawing per model and colour, so no product page of the demo is blank.

Each is drawn with Pillow (never downloaded): the silhouette of the model's category in the variant's colour,
the model's name lettered small and an "Illustration" mark, and it goes through the same gallery service a
staff upload uses (catalog/gallery.py: content gate, renditions in WebP and JPEG, names derived from the
content), marked `illustration`, so pages and the API present it as a drawing, never as a photo. The same
model and colour always give the same pixels, so seeding again stores nothing new.
"""

from __future__ import annotations

import io
import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from . import colours, gallery
from .models import Variant

SIZE = (640, 480)  # small: enough for the 480 px gallery, quick to draw and encode for a few hundred
BACKDROP = (244, 242, 238)
# RGB of the demo catalogue's colour names (the first listed word found in a name wins), then of base colours.
NAMED = {
    "(product)red": (180, 30, 40),
    "transparent": (214, 220, 226),
    "space grey": (88, 90, 96),
    "space black": (44, 44, 48),
    "sierra blue": (150, 180, 205),
    "pacific blue": (40, 80, 110),
    "sky blue": (140, 190, 230),
    "light blue": (150, 180, 210),
    "mid blue": (70, 105, 150),
    "dark rinse": (38, 52, 84),
    "stonewash": (120, 150, 180),
    "midnight green": (52, 72, 62),
    "alpine green": (60, 90, 70),
    "midnight": (30, 34, 48),
    "starlight": (232, 224, 208),
    "graphite": (70, 72, 76),
    "titanium": (150, 146, 140),
    "navy": (32, 44, 78),
    "olive": (98, 104, 60),
    "camel": (190, 150, 100),
    "cognac": (150, 80, 40),
    "burgundy": (110, 30, 45),
    "terracotta": (190, 100, 70),
    "sand": (214, 196, 160),
    "tan": (196, 150, 100),
    "lavender": (190, 180, 220),
    "coral": (240, 128, 110),
    "turquoise": (64, 190, 190),
}
BASE_RGB = {
    "black": (38, 38, 42),
    "grey": (128, 130, 134),
    "white": (236, 236, 232),
    "silver": (200, 202, 206),
    "gold": (222, 196, 150),
    "beige": (232, 220, 196),
    "brown": (120, 80, 50),
    "red": (180, 40, 50),
    "orange": (230, 130, 60),
    "yellow": (240, 210, 100),
    "green": (70, 120, 90),
    "blue": (60, 110, 170),
    "purple": (130, 100, 170),
    "pink": (235, 180, 195),
    "multicolour": (200, 80, 140),
}
UNNAMED = (110, 112, 118)  # a model sold without a colour


def colour_rgb(name: str | None) -> tuple[int, int, int]:
    """The RGB a colour name is drawn in: "Sierra Blue" -> light blue, "Midnight" -> near black."""
    lowered = str(name or "").casefold()
    for key, rgb in NAMED.items():
        if key in lowered:
            return rgb
    return BASE_RGB.get(colours.group_of(name) or "", UNNAMED)


def _shade(rgb: tuple[int, int, int], by: int) -> tuple[int, int, int]:
    return tuple(max(0, min(255, c + by)) for c in rgb)


def _silhouette(draw: ImageDraw.ImageDraw, key: str, rgb: tuple[int, int, int]) -> None:
    """The category's shape, centred on a 640×480 canvas, in the colour (dark screens stay dark)."""
    line = _shade(rgb, -60) if sum(rgb) > 200 else _shade(rgb, 70)
    screen = (22, 26, 34)
    if key == "phone":
        draw.rounded_rectangle((240, 50, 400, 410), 30, fill=rgb, outline=line, width=4)
        draw.rounded_rectangle((252, 62, 388, 398), 22, fill=screen)
        draw.rounded_rectangle((298, 72, 342, 84), 6, fill=(0, 0, 0))
    elif key == "tablet":
        draw.rounded_rectangle((170, 60, 470, 420), 24, fill=rgb, outline=line, width=4)
        draw.rounded_rectangle((186, 76, 454, 404), 14, fill=screen)
    elif key == "laptop":
        draw.rounded_rectangle((150, 80, 490, 320), 12, fill=rgb, outline=line, width=4)
        draw.rectangle((164, 94, 476, 306), fill=screen)
        draw.polygon([(110, 322), (530, 322), (570, 362), (70, 362)], fill=rgb, outline=line)
        draw.line([(270, 332), (370, 332)], fill=line, width=4)
    elif key == "watch":
        draw.rounded_rectangle((272, 30, 368, 450), 20, fill=_shade(rgb, -25), outline=line, width=3)
        draw.rounded_rectangle((236, 140, 404, 340), 44, fill=rgb, outline=line, width=4)
        draw.rounded_rectangle((252, 156, 388, 324), 34, fill=screen)
        draw.rectangle((404, 200, 416, 250), fill=line)
    elif key == "earphones":
        draw.arc((170, 70, 470, 370), 180, 360, fill=rgb, width=26)
        draw.arc((170, 70, 470, 370), 180, 360, fill=line, width=3)
        for x in (150, 410):
            draw.rounded_rectangle((x, 200, x + 80, 340), 34, fill=rgb, outline=line, width=4)
    elif key == "console":
        draw.rounded_rectangle((90, 150, 550, 340), 70, fill=rgb, outline=line, width=4)
        draw.rectangle((200, 170, 440, 320), fill=screen)
        draw.rectangle((128, 236, 172, 252), fill=line)
        draw.rectangle((142, 222, 158, 266), fill=line)
        for cx, cy in ((490, 226), (510, 250), (470, 250), (490, 274)):
            draw.ellipse((cx - 10, cy - 10, cx + 10, cy + 10), fill=line)
    elif key in ("jacket", "knit"):
        body = [(260, 60), (320, 96), (380, 60), (470, 100), (530, 320), (470, 336), (440, 220)]
        body += [(440, 430), (200, 430), (200, 220), (170, 336), (110, 320), (170, 100)]
        draw.polygon(body, fill=rgb, outline=line, width=4)
        if key == "jacket":
            draw.line([(320, 96), (320, 430)], fill=line, width=4)
        else:
            for x in range(212, 440, 18):
                draw.line([(x, 410), (x, 428)], fill=line, width=3)
    elif key == "dress":
        body = [(270, 50), (320, 92), (370, 50), (396, 130), (366, 210), (480, 440), (160, 440), (274, 210)]
        draw.polygon([*body, (244, 130)], fill=rgb, outline=line, width=4)
    elif key == "jeans":
        legs = [(235, 50), (405, 50), (436, 440), (350, 440), (320, 180), (290, 440), (204, 440)]
        draw.polygon(legs, fill=rgb, outline=line, width=4)
        draw.line([(235, 74), (405, 74)], fill=line, width=4)
    elif key == "shoe":
        upper = [
            (120, 200),
            (180, 180),
            (214, 236),
            (312, 266),
            (450, 296),
            (520, 336),
            (520, 370),
            (120, 370),
        ]
        draw.polygon(upper, fill=rgb, outline=line, width=4)
        draw.rectangle((120, 370, 520, 392), fill=(245, 245, 240), outline=line, width=3)
        for i in range(4):
            draw.line([(226 + 22 * i, 236 + 6 * i), (250 + 22 * i, 220 + 6 * i)], fill=line, width=4)
    elif key == "bag":
        draw.arc((230, 50, 410, 260), 180, 360, fill=_shade(rgb, -30), width=14)
        draw.polygon([(170, 160), (470, 160), (450, 420), (190, 420)], fill=rgb, outline=line, width=4)
        draw.rectangle((300, 220, 340, 250), fill=(220, 180, 100), outline=line, width=3)
    elif key == "accessory":
        draw.rounded_rectangle((250, 60, 390, 420), 30, fill=rgb, outline=line, width=6)
        draw.rounded_rectangle((266, 76, 330, 150), 16, fill=BACKDROP, outline=line, width=3)
    else:
        draw.rounded_rectangle((200, 90, 440, 390), 40, fill=rgb, outline=line, width=4)
        draw.ellipse((280, 200, 360, 280), fill=_shade(rgb, -30))


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: the bitmap font, one size
        return ImageFont.load_default()


def draw(*, key: str, colour: str, title: str) -> bytes:
    """A JPEG drawing of a model: the category's silhouette (`key`) in `colour`, titled small."""
    image = Image.new("RGB", SIZE, BACKDROP)
    pen = ImageDraw.Draw(image)
    pen.ellipse((140, 20, 500, 460), fill=(232, 238, 234))
    _silhouette(pen, key, colour_rgb(colour))
    small = _font(16)
    pen.text((16, 14), "Illustration", fill=(110, 108, 102), font=small)
    caption = f"{title} - {colour}" if colour else title
    plain = unicodedata.normalize("NFKD", caption).encode("ascii", "ignore").decode()  # the font's letters
    pen.text((16, SIZE[1] - 30), plain[:70], fill=(60, 60, 58), font=small)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def seed_demo(ctx) -> None:
    """A drawing of every demo model in each colour it is sold in (one for a model without colours)."""
    by_product: dict[int, list[str]] = {}
    rows = Variant.objects.filter(product__in=ctx.products).order_by("product_id", "id")
    for product_id, attributes in rows.values_list("product_id", "attributes"):
        value = (attributes or {}).get("colour")
        names = by_product.setdefault(product_id, [])
        colour = str(value) if value not in (None, "") else ""
        if colour not in names:
            names.append(colour)
    for product in ctx.progress(ctx.products, "Model drawings"):
        key = product.category.illustration or "generic"
        title = f"{product.brand.name} {product.name}"
        for colour in by_product.get(product.pk) or [""]:
            picture = SimpleUploadedFile(f"{product.slug}.jpg", draw(key=key, colour=colour, title=title))
            gallery.add_images(
                product_id=product.pk,
                brand_id=None,
                files=[picture],
                colour=colour,
                illustration=True,
                at=ctx.now,
            )
