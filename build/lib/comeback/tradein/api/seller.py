"""The refurbisher's trade-in API (seller token): buyback offers (with CSV bulk upload and the wins report)
and the intake of trade-ins: receive, validate, counter-offer with photos, activation lock, wipe
certificate, route, return. A refurbisher only ever sees its own (others' are 404)."""

from __future__ import annotations

from typing import Annotated

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from comeback.accounts.auth import token_auth
from comeback.core import clock
from comeback.core.paging import PageQuery, paginate
from comeback.core.problems import Invalid
from comeback.core.text import Text
from comeback.web.api_access import acting_seller

from .. import processes, selectors
from ..models import TradeInStatus
from ..schemas import problems
from ..schemas.seller import (
    BuybackFilters,
    BuybackImportOut,
    BuybackList,
    BuybackOfferIn,
    BuybackOfferOut,
    BuybackOfferPatch,
    RouteIn,
    SellerTradeInFilters,
    SellerTradeInList,
    SellerTradeInOut,
    TradeinReturnIn,
    ValidateIn,
    WinsOut,
    WipeIn,
    WipeOut,
)
from ..services import access, buyback, inspection, routing
from ..services.access import Operator

router = Router(tags=["seller trade-in"], auth=token_auth)


def operator(request) -> Operator:
    return Operator.refurbisher(acting_seller(request), user=request.auth.user)


# Buyback offers ------------------------------------------------------------------------------------


@router.get(
    "/seller/buyback-offers",
    response=BuybackList,
    summary="My buyback offers",
    openapi_extra=problems(401, 403),
)
def list_offers(request, filters: Query[BuybackFilters]):
    seller = acting_seller(request)
    return paginate(request, selectors.seller_offers(seller, status=filters.status), filters)


@router.post(
    "/seller/buyback-offers",
    response={201: BuybackOfferOut},
    summary="Publish a buyback offer",
    openapi_extra=problems(401, 403, 409, 422),
)
def create_offer(request, body: BuybackOfferIn):
    """What you pay for a model (storage 0 = every storage) in a condition tier and market, up to a weekly
    number of devices."""
    seller = acting_seller(request)
    offer = buyback.publish_offer(seller=seller, draft=buyback.BuybackDraft(**body.model_dump()))
    return Status(201, offer)


@router.post(
    "/seller/buyback-offers/bulk",
    response=BuybackImportOut,
    summary="Upload buyback offers as CSV",
    openapi_extra=problems(401, 403, 422),
)
def bulk_upload(request, file: File[UploadedFile]):
    """Columns `product,storage_gb,market,tier,price,currency,weekly_capacity` (product: id or slug; price in
    minor units). Each row creates or updates your offer for that slot; any bad row refuses the whole file."""
    seller = acting_seller(request)
    result = buyback.import_csv(seller=seller, data=file.read(buyback.MAX_CSV_BYTES + 1))
    return {"created": result.created, "updated": result.updated}


@router.get(
    "/seller/buyback-offers/wins",
    response=WinsOut,
    summary="Quotes my offers win",
    openapi_extra=problems(401, 403),
)
def wins(request, paging: Query[PageQuery]):
    seller = acting_seller(request)
    rows = list(selectors.wins_report(seller))
    return paginate(request, rows, paging, days=30)


@router.get(
    "/seller/buyback-offers/{offer_id}",
    response=BuybackOfferOut,
    summary="One buyback offer",
    openapi_extra=problems(401, 403, 404),
)
def get_offer(request, offer_id: int):
    return buyback.own_offer(seller=acting_seller(request), offer_id=offer_id)


@router.patch(
    "/seller/buyback-offers/{offer_id}",
    response=BuybackOfferOut,
    summary="Change a buyback offer",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def patch_offer(request, offer_id: int, body: BuybackOfferPatch):
    offer = buyback.update_offer(seller=acting_seller(request), offer_id=offer_id, changes=body.changes())
    return offer


# Trade-ins ------------------------------------------------------------------------------------------


@router.get(
    "/seller/tradeins",
    response=SellerTradeInList,
    summary="Trade-ins I buy",
    openapi_extra=problems(401, 403, 422),
)
def list_tradeins(request, filters: Query[SellerTradeInFilters]):
    seller = acting_seller(request)
    if filters.status and filters.status not in TradeInStatus.values:
        raise Invalid.field(
            "status", "invalid_status", _("Status must be one of %s.") % ", ".join(TradeInStatus.values)
        )
    items, now = selectors.seller_tradeins(seller, status=filters.status), clock.now()
    return paginate(request, items, filters, out=lambda t: processes.as_of(t, now))


@router.get(
    "/seller/tradeins/{tradein_id}",
    response=SellerTradeInOut,
    summary="One trade-in",
    openapi_extra=problems(401, 403, 404),
)
def get_tradein(request, tradein_id: str):
    return access.for_operator(op=operator(request), ref=tradein_id)


@router.post(
    "/seller/tradeins/{tradein_id}/receive",
    response=SellerTradeInOut,
    summary="The device arrived",
    openapi_extra=problems(401, 403, 404, 409, 503),
)
def receive(request, tradein_id: str):
    """Starts the 2-business-day inspection clock; a device on a block list is refused (status blocked)."""
    return inspection.receive(op=operator(request), ref=tradein_id)


@router.post(
    "/seller/tradeins/{tradein_id}/validate",
    response=SellerTradeInOut,
    summary="Validate: pay the quote",
    openapi_extra=problems(401, 403, 404, 409),
)
def validate(request, tradein_id: str, body: ValidateIn):
    inspected = body.inspected.model_dump(exclude_none=True) if body.inspected else None
    return inspection.validate(op=operator(request), ref=tradein_id, inspected=inspected, notes=body.notes)


@router.post(
    "/seller/tradeins/{tradein_id}/counter-offer",
    response=SellerTradeInOut,
    summary="Counter-offer, with a listed reason and photos",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def counter_offer(
    request,
    tradein_id: str,
    reason: Form[str] = "",
    price: Form[int | None] = None,
    note: Annotated[Text, Form("")] = "",
    photos: File[list[UploadedFile]] = None,
):
    """Multipart form: `reason` (one of the CounterReason codes, contradicting what the customer declared),
    `price` (minor units, below the quote), `note`, and one to six `photos` (JPEG, PNG or WebP, 5 MB each)."""
    draft = inspection.CounterDraft(reason=reason, price=price, note=note or "", photos=list(photos or []))
    return inspection.counter_offer(op=operator(request), ref=tradein_id, draft=draft)


@router.post(
    "/seller/tradeins/{tradein_id}/activation-lock",
    response=SellerTradeInOut,
    summary="Activation locks confirmed off",
    openapi_extra=problems(401, 403, 404, 409),
)
def lock_off(request, tradein_id: str):
    return inspection.confirm_lock_off(op=operator(request), ref=tradein_id)


@router.post(
    "/seller/tradeins/{tradein_id}/wipe-certificate",
    response={201: WipeOut},
    summary="Record the data wipe (NIST SP 800-88 Rev. 2)",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def wipe(request, tradein_id: str, body: WipeIn):
    cert = inspection.record_wipe(
        op=operator(request), ref=tradein_id, draft=inspection.WipeDraft(**body.model_dump())
    )
    return Status(
        201,
        {
            "certificate_id": cert.ref,
            "method": cert.method,
            "verification": cert.verification,
            "url": reverse("tradein:certificate", args=[tradein_id]),
        },
    )


@router.post(
    "/seller/tradeins/{tradein_id}/route",
    response=SellerTradeInOut,
    summary="Override the device's route",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def route(request, tradein_id: str, body: RouteIn):
    op = operator(request)
    routing.override(
        op=op,
        ref=tradein_id,
        route=body.route,
        reason=body.reason,
        recycler=body.recycler,
        weight_grams=body.weight_grams,
    )
    return access.for_operator(op=op, ref=tradein_id)


@router.post(
    "/seller/tradeins/{tradein_id}/return",
    response=SellerTradeInOut,
    summary="The device went back to the customer",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def returned(request, tradein_id: str, body: TradeinReturnIn):
    return inspection.record_return(
        op=operator(request), ref=tradein_id, label=body.label, tracking=body.tracking
    )
