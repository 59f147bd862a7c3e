"""What anyone may fetch from the offers context: the stored photos of a unit for sale."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import photos


@require_GET
def offer_photo(request, pk: int, width: int, ext: str):
    """One rendition of a unit photo. A photo's renditions never change (a new upload is a new photo), so
    browsers and caches keep them for a year."""
    found = photos.stored_file(photo_id=pk, width=width, ext=ext)
    return rendition_response(found, cache_control="public, max-age=31536000, immutable")


def rendition_response(found: tuple[str, str] | None, *, cache_control: str) -> FileResponse:
    """A stored rendition (its storage name and content type) streamed from storage, or 404 when there is none
    or its file is gone: the bucket stays private either way."""
    if found is None:
        raise Http404(_("No photo."))
    name, content_type = found
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404(_("No photo.")) from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response


@require_GET
def model_photo(request, pk: int, width: int, ext: str):
    """One rendition of a model photo (catalog.ProductImage)."""
    from comeback.catalog.models import ProductImage

    row = ProductImage.objects.filter(pk=pk).only("files").first()
    name = row.files.get(f"{width}.{ext}") if row else None
    if name is None:
        raise Http404(_("No photo."))
    response = FileResponse(
        default_storage.open(name, "rb"), content_type="image/webp" if ext == "webp" else "image/jpeg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
