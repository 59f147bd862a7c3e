"""Evidence photos are checked by content, not by name or declared type (DESIGN.md §5 Security by default)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from comeback.core.problems import Invalid

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 6
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def sniff(head: bytes) -> str | None:
    """The image type from its first bytes (magic numbers), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True)
class Photo:
    content: bytes
    content_type: str
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.sha256[:24]}.{EXTENSIONS[self.content_type]}"


def read_photos(files: list, *, field: str = "photos") -> list[Photo]:
    """Read uploaded files (Django UploadedFile-like): each a JPEG, PNG or WebP of at most 5 MB."""
    if len(files) > MAX_PHOTOS:
        raise Invalid.field(field, "too_many_photos", _("At most %(n)d photos.") % {"n": MAX_PHOTOS})
    photos = []
    for index, upload in enumerate(files):
        name = f"{field}[{index}]"
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_PHOTO_BYTES:
            raise Invalid.field(name, "photo_too_large", _("A photo may be at most 5 MB."))
        content = upload.read(MAX_PHOTO_BYTES + 1)
        if len(content) > MAX_PHOTO_BYTES:
            raise Invalid.field(name, "photo_too_large", _("A photo may be at most 5 MB."))
        kind = sniff(content[:16])
        if kind is None:
            raise Invalid.field(name, "photo_type", _("Photos must be JPEG, PNG or WebP images."))
        photos.append(Photo(content=content, content_type=kind, sha256=hashlib.sha256(content).hexdigest()))
    return photos
