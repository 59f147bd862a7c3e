"""The partner API: a partner's own bearer token (`cbp_…`, issued on the partner dashboard or with
`comeback tradein-partner-token`) sees the partner's stores and the trade-ins attributed to them; a store's
token sees only that store. Other partners' stores and trade-ins are 404.

A brand programme's headquarters also manage the official photos of their brand's models, per colour:
`GET|POST /partner/models/{id}/images`, `PUT …/images/order`, `DELETE …/images/{image_id}`
(catalog/gallery.py); another brand's model is a 404."""

from __future__ import annotations

from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.security import HttpBearer

from comeback.catalog import gallery
from comeback.catalog.photo_schemas import ModelPhotoList, ModelPhotoOrderIn, ModelPhotoUploadIn, photo_list
from comeback.core.paging import PageQuery, paginate

from ..schemas import problems
from ..schemas.partner import (
    DropOffIn,
    PartnerTradeInList,
    PartnerTradeInOut,
    PartnerTradeInQuery,
    StoreList,
    SummaryOut,
)
from ..selectors import partner_stats, partner_tradeins, visible_stores
from ..services import partners


class PartnerTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        return partners.authenticate_token(token)


partner_auth = PartnerTokenAuth()
router = Router(tags=["partner"], auth=partner_auth)


@router.get("/partner/stores", response=StoreList, summary="My stores", openapi_extra=problems(401))
def stores(request, paging: Query[PageQuery]):
    token = request.auth
    return paginate(
        request,
        list(visible_stores(token.partner, token.store)),
        paging,
        partner=token.partner.slug,
    )


@router.get(
    "/partner/tradeins",
    response=PartnerTradeInList,
    summary="Trade-ins attributed to me",
    openapi_extra=problems(401, 404),
)
def tradeins(request, query: Query[PartnerTradeInQuery]):
    token = request.auth
    scope = token.store
    if query.store_id is not None:
        scope = partners.store_of(partner=token.partner, scope_store=token.store, store_id=query.store_id)
    return paginate(request, partner_tradeins(token.partner, scope), query)


@router.get(
    "/partner/summary",
    response=SummaryOut,
    summary="Attribution and commission per store",
    openapi_extra=problems(401),
)
def summary(request):
    token = request.auth
    return {
        "partner": token.partner.slug,
        "stores": [
            {
                "store": s.store.code if s.store else None,
                "tradeins": s.tradeins,
                "paid": s.paid,
                "paid_amount": s.paid_amount,
                "commission": s.commission,
            }
            for s in partner_stats(token.partner, token.store)
        ],
    }


@router.post(
    "/partner/stores/{store_id}/drop-offs",
    response=PartnerTradeInOut,
    summary="A customer dropped off an online trade-in",
    openapi_extra=problems(401, 404, 409),
)
def drop_off(request, store_id: int, body: DropOffIn):
    token = request.auth
    store = partners.store_of(partner=token.partner, scope_store=token.store, store_id=store_id)
    return partners.drop_off(store=store, ref=body.tradein_id)


# The brand's model photos ------------------------------------------------------------------------------
def _brand(request) -> int:
    return partners.brand_of(partner=request.auth.partner, scope_store=request.auth.store)


def _photos(brand_id: int, product_id: int) -> dict:
    product = gallery.model_of(product_id=product_id, brand_id=brand_id)
    return photo_list(product, gallery.colours_of(product))


@router.get(
    "/partner/models/{product_id}/images",
    response=ModelPhotoList,
    summary="My brand's photos of a model",
    openapi_extra=problems(401, 403, 404),
)
def model_images(request, product_id: int):
    """The model's official photos, colour by colour, in the order buyers see them."""
    return _photos(_brand(request), product_id)


@router.post(
    "/partner/models/{product_id}/images",
    response={201: ModelPhotoList},
    summary="Add photos of one of my brand's models",
    openapi_extra=problems(401, 403, 404, 422),
)
def add_model_images(
    request, product_id: int, body: Form[ModelPhotoUploadIn], images: File[list[UploadedFile]] = None
):
    """Multipart: one or more `images` files (JPEG, PNG or WebP, at most 5 MB and 40 megapixels each; at
    most 12 per colour), the `colour` they show (empty: every colour) and an optional `alt`. Each is
    re-encoded without its metadata and stored in 320, 640 and 1280 px, WebP and JPEG; they replace the
    drawn illustration on that colour's product page. A file that is not an image is a 422 naming it."""
    brand_id = _brand(request)
    gallery.add_images(
        product_id=product_id, brand_id=brand_id, files=list(images or []), colour=body.colour, alt=body.alt
    )
    return Status(201, _photos(brand_id, product_id))


@router.put(
    "/partner/models/{product_id}/images/order",
    response=ModelPhotoList,
    summary="Reorder my brand's photos of a model",
    openapi_extra=problems(401, 403, 404, 422),
)
def reorder_model_images(request, product_id: int, body: ModelPhotoOrderIn):
    """Name every photo of the model once, first shown first."""
    brand_id = _brand(request)
    gallery.reorder_images(product_id=product_id, brand_id=brand_id, image_ids=body.image_ids)
    return _photos(brand_id, product_id)


@router.delete(
    "/partner/models/{product_id}/images/{image_id}",
    response={204: None},
    summary="Delete one of my brand's photos of a model",
    openapi_extra=problems(401, 403, 404),
)
def delete_model_image(request, product_id: int, image_id: int):
    """Delete one photo; a colour left without photos shows the drawing again."""
    gallery.delete_image(product_id=product_id, brand_id=_brand(request), image_id=image_id)
    return Status(204, None)
