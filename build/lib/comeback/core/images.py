"""The one gate every uploaded image passes: checked by content, sized from its header before any pixel is
decoded, and re-encoded without its metadata (docs/api.md "Uploads").

A file is accepted only if Pillow reads it as a JPEG, PNG or WebP image. Its width and height come from the
header, so a "decompression bomb" (20,000 × 20,000 pixels in a few hundred kilobytes) is refused before it
is expanded in memory. An accepted image is decoded and encoded again in its own format: what is stored and
served is pixels only — no EXIF (camera, GPS position, owner's name), no comments, no trailing bytes, and the
orientation applied to the pixels.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .problems import Invalid

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: above any phone camera, far below what would exhaust a worker
MAX_PHOTOS = 6
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


@dataclass(frozen=True)
class Photo:
    """An image as stored: re-encoded bytes, their type and their SHA-256."""

    content: bytes
    content_type: str
    sha256: str
    width: int
    height: int

    @property
    def filename(self) -> str:
        extension = next(ext for mime, ext in FORMATS.values() if mime == self.content_type)
        return f"{self.sha256[:24]}.{extension}"


def read_photos(files: list, *, field: str = "photos", max_photos: int = MAX_PHOTOS) -> list[Photo]:
    """Uploaded files (Django UploadedFile-like), each passed through `accept`; at most `max_photos`."""
    if len(files) > max_photos:
        raise Invalid.field(field, "too_many_photos", _("At most %(n)d photos.") % {"n": max_photos})
    return [accept(upload, field=f"{field}[{index}]") for index, upload in enumerate(files)]


def accept(upload, *, field: str) -> Photo:
    """One uploaded image, validated and stripped, or a 422 naming `field` and the rule it breaks."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _too_large(field)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise _too_large(field)
    return _reencode(content, field=field)


def _reencode(content: bytes, *, field: str) -> Photo:
    not_an_image = Invalid.field(field, "photo_type", _("Photos must be JPEG, PNG or WebP images."))
    try:
        image = Image.open(io.BytesIO(content), formats=list(FORMATS))  # reads the header only
    except Image.DecompressionBombError:
        raise _too_many_pixels(field) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise not_an_image from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(field)
    if width < 1 or height < 1:
        raise not_an_image
    mime, _extension = FORMATS[image.format]
    try:
        image.seek(0)  # an animation keeps its first frame only
        pixels = ImageOps.exif_transpose(image)
        pixels.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise Invalid.field(field, "photo_unreadable", _("This image is damaged or cut short.")) from None
    # Only what is part of the pixels survives; exif, icc, xmp, comments and text chunks stay behind.
    pixels.info = {k: v for k, v in pixels.info.items() if k == "transparency"}
    out = io.BytesIO()
    _save(pixels, out, image.format)
    stored = out.getvalue()
    return Photo(
        content=stored,
        content_type=mime,
        sha256=hashlib.sha256(stored).hexdigest(),
        width=pixels.width,
        height=pixels.height,
    )


def _save(image: Image.Image, out: io.BytesIO, fmt: str) -> None:
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode or image.mode == "P" else "RGB")
        image.save(out, "WEBP", quality=88)


def _too_large(field: str) -> Invalid:
    return Invalid.field(
        field, "photo_too_large", _("A photo may be at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
    )


def _too_many_pixels(field: str) -> Invalid:
    return Invalid.field(
        field,
        "photo_too_many_pixels",
        _("A photo may have at most %(mp)d megapixels.") % {"mp": MAX_PIXELS // 1_000_000},
    )


# Renditions -------------------------------------------------------------------------------------------
WIDTHS = (320, 640, 1280)  # what pages ask for: thumbnails, cards, the zoomed view
RENDITION_FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))


@dataclass(frozen=True)
class Rendition:
    """One stored size of an accepted photo: `key` is "<width>.<ext>" (e.g. "640.webp")."""

    key: str
    width: int
    height: int
    content_type: str
    content: bytes


def renditions(photo: Photo, *, widths: tuple[int, ...] = WIDTHS) -> list[Rendition]:
    """An accepted photo in each width (never enlarged), each as WebP and as JPEG for older browsers.

    The input has already passed `accept`, so it is decoded again from pixels without metadata; the outputs
    carry no metadata either (Pillow writes none unless asked)."""
    source = Image.open(io.BytesIO(photo.content))
    source.load()
    if source.mode not in ("RGB", "L"):
        flat = Image.new("RGB", source.size, "white")  # JPEG has no transparency: lay it on white
        rgba = source.convert("RGBA")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        source = flat
    sizes = sorted({min(w, source.width) for w in widths})
    out = []
    for width in sizes:
        height = max(1, round(source.height * width / source.width))
        scaled = source if width == source.width else source.resize((width, height), Image.Resampling.LANCZOS)
        for ext, fmt, mime in RENDITION_FORMATS:
            buffer = io.BytesIO()
            scaled.convert("RGB").save(
                buffer, fmt, quality=82, **({"optimize": True} if fmt == "JPEG" else {})
            )
            out.append(Rendition(f"{width}.{ext}", width, height, mime, buffer.getvalue()))
    return out


def store_renditions(photo: Photo) -> dict[str, str]:
    """Each rendition saved once under a name derived from the photo's content: {"640.webp": name}. Unit
    photos and model photos share the folder: the same picture uploaded twice is stored once."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    def stored_name(key: str) -> str:
        return f"offers/photos/{photo.sha256[:2]}/{photo.sha256[:32]}-{key}"

    keys = [
        f"{w}.{ext}" for w in sorted({min(w, photo.width) for w in WIDTHS}) for ext, *_ in RENDITION_FORMATS
    ]
    if all(default_storage.exists(stored_name(key)) for key in keys):
        return {key: stored_name(key) for key in keys}  # the same picture again: nothing to render
    names = {}
    for rendition in renditions(photo):
        name = stored_name(rendition.key)
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(rendition.content))
        names[rendition.key] = name
    return names
