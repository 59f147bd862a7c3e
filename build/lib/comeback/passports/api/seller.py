"""The refurbisher's stock passports over the API: list the passports a shop issued, register a unit.
Handlers only translate HTTP: rules live in services, reads in selectors."""

from __future__ import annotations

from ninja import Header, Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, page_answer
from comeback.web.api_access import acting_seller

from .. import conf, selectors, services
from ..schemas import (
    PassportIn,
    PassportListOut,
    PassportOut,
    problems,
)

router = Router()  # tagged "passports" by the router that gathers it (api/__init__.py)


# The refurbisher's stock -----------------------------------------------------------------------------------
def _summary(p) -> dict:
    return {
        "id": p.serial,
        "uri": conf.absolute(p.path),
        "gtin": p.gtin,
        "status": p.status,
        "life": p.life,
        "product": f"{p.product.brand.name} {p.product.name}"
        + (f" · {p.variant.label}" if p.variant_id else ""),
        "opened_at": p.created_at,
    }


@router.get("/seller/passports", response=PassportListOut, auth=token_auth, openapi_extra=problems(401, 403))
def list_seller_passports(request, paging: Query[PageQuery]):
    seller = acting_seller(request)
    offset = (paging.page - 1) * paging.page_size
    passports, count = selectors.issued_by(seller, limit=paging.page_size, offset=offset)
    return page_answer(request, [_summary(p) for p in passports], paging, count=count)


@router.post(
    "/seller/passports",
    response={201: PassportOut},
    auth=token_auth,
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def create_seller_passport(
    request, body: PassportIn, idempotency_key: str = Header("", alias="Idempotency-Key")
):
    """Register a unit of your stock: opens its passport (optionally the next life of an earlier one you
    issued or handled) and records its grading. An `Idempotency-Key` makes a retry return the same one."""
    seller = acting_seller(request)
    p = services.open_stock_passport(
        seller=seller, idempotency_key=(idempotency_key or "")[:80], **body.dict()
    )
    return 201, selectors.document(selectors.passport(p.serial), "restricted")
