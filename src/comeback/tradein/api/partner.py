"""The partner API: a partner's own bearer token (`cbp_…`, issued on the partner dashboard or with
`comeback tradein-partner-token`) sees the partner's stores and the trade-ins attributed to them; a store's
token sees only that store. Other partners' stores and trade-ins are 404."""

from __future__ import annotations

from ninja import Query, Router
from ninja.security import HttpBearer

from comeback.core.paging import PageQuery, paginate

from ..schemas import (
    DropOffIn,
    PartnerTradeInList,
    PartnerTradeInOut,
    PartnerTradeInQuery,
    StoreList,
    SummaryOut,
    partner_tradein_out,
    problems,
    store_out,
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
        out=store_out,
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
    return paginate(request, partner_tradeins(token.partner, scope), query, out=partner_tradein_out)


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
    return partner_tradein_out(partners.drop_off(store=store, ref=body.tradein_id))
