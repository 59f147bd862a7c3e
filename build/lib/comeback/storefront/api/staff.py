"""Staff's routes for a model's official photos, per colour (catalog/gallery.py): the same operations as a
brand's (tradein/api/partner.py), on every model. `GET|POST /staff/models/{id}/images`, `PUT …/images/order`,
`DELETE …/images/{image_id}` (docs/storefront.md "Photos")."""

from __future__ import annotations

from ninja import File, Form, Router, Status, UploadedFile

from comeback.accounts.auth import token_auth
from comeback.catalog import gallery
from comeback.catalog.photo_schemas import ModelPhotoList, ModelPhotoOrderIn, ModelPhotoUploadIn, photo_list
from comeback.core.schemas import problem_responses
from comeback.web.api_access import acting_staff

router = Router(tags=["model photos"], auth=token_auth)

WHY = "Only staff manage the photos of every model; a brand manages its own through the partner API."


def _photos(product_id: int) -> dict:
    product = gallery.model_of(product_id=product_id, brand_id=None)
    return photo_list(product, gallery.colours_of(product))


@router.get(
    "/staff/models/{product_id}/images",
    response=ModelPhotoList,
    summary="A model's official photos (staff)",
    openapi_extra=problem_responses(401, 403, 404),
)
def model_images(request, product_id: int):
    """The model's official photos, colour by colour, in the order buyers see them."""
    acting_staff(request, WHY)
    return _photos(product_id)


@router.post(
    "/staff/models/{product_id}/images",
    response={201: ModelPhotoList},
    summary="Add official photos of a model (staff)",
    openapi_extra=problem_responses(401, 403, 404, 422),
)
def add_model_images(
    request, product_id: int, body: Form[ModelPhotoUploadIn], images: File[list[UploadedFile]] = None
):
    """Multipart: one or more `images` files (JPEG, PNG or WebP, at most 5 MB and 40 megapixels each; at
    most 12 per colour), the `colour` they show (empty: every colour) and an optional `alt`."""
    acting_staff(request, WHY)
    gallery.add_images(
        product_id=product_id, brand_id=None, files=list(images or []), colour=body.colour, alt=body.alt
    )
    return Status(201, _photos(product_id))


@router.put(
    "/staff/models/{product_id}/images/order",
    response=ModelPhotoList,
    summary="Reorder a model's official photos (staff)",
    openapi_extra=problem_responses(401, 403, 404, 422),
)
def reorder_model_images(request, product_id: int, body: ModelPhotoOrderIn):
    """Name every photo of the model once, first shown first."""
    acting_staff(request, WHY)
    gallery.reorder_images(product_id=product_id, brand_id=None, image_ids=body.image_ids)
    return _photos(product_id)


@router.delete(
    "/staff/models/{product_id}/images/{image_id}",
    response={204: None},
    summary="Delete an official photo of a model (staff)",
    openapi_extra=problem_responses(401, 403, 404),
)
def delete_model_image(request, product_id: int, image_id: int):
    """Delete one photo; a colour left without photos shows the drawing again."""
    acting_staff(request, WHY)
    gallery.delete_image(product_id=product_id, brand_id=None, image_id=image_id)
    return Status(204, None)
