"""The trade-in customer's API (docs/design.md §4): `GET tradein/models`, `POST tradein/quotes`,
`POST tradein/quotes/{id}/accept`, `GET tradein/orders/{id}` and the customer's actions. Handlers only
translate HTTP."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from comeback.accounts import services as account_services
from comeback.accounts.auth import token_auth
from comeback.core import clock, markets, ratelimit
from comeback.core.paging import PageQuery, page_answer, paginate
from comeback.core.problems import NotFound, Unauthenticated
from comeback.web.api_access import acting_buyer

from .. import processes, selectors
from ..schemas import problems
from ..schemas.buyer import (
    AcceptIn,
    ModelsOut,
    ModelsQuery,
    QuoteIn,
    QuoteOut,
    TrackingIn,
    TradeInList,
    TradeInOut,
)
from ..services import access, orders, quotes

router = Router(tags=["trade-in"])


def optional_user(request):
    """The bearer token's user when one is sent (a bad token is a 401); anonymous otherwise."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _sep, secret = header.partition(" ")
    token = account_services.authenticate_token(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise Unauthenticated(_("Send a valid API token as `Authorization: Bearer <token>`, or none."))
    return token.user


@router.get(
    "/tradein/models", response=ModelsOut, summary="Find a model to trade in", openapi_extra=problems(422)
)
def list_models(request, query: Query[ModelsQuery]):
    """Device models refurbishers buy back in the market, matching every word of `q`, with the storage sizes
    to choose from, whether the questionnaire asks about a screen, and the best price paid now."""
    market = markets.get(query.market or markets.DEFAULT_MARKET)
    partner = selectors.partner_by_slug(query.partner) if query.partner else None
    count = selectors.count_models(q=query.q, market=market, partner=partner)
    found = selectors.search_models(
        q=query.q,
        market=market,
        partner=partner,
        limit=query.page_size,
        offset=(query.page - 1) * query.page_size,
    )
    return page_answer(request, found, query, count=count, market=market.code)


@router.post(
    "/tradein/quotes",
    response={201: QuoteOut},
    summary="Get an instant quote",
    openapi_extra=problems(401, 409, 422, 429),
)
def create_quote(request, body: QuoteIn):
    """The best price among refurbishers with capacity for the model, the condition tier the answers map to
    and the market; valid 30 days. Rate-limited per client address (`quote` scope)."""
    ratelimit.hit("quote", ratelimit.client_ip(request))
    user = optional_user(request)
    quote = quotes.request_quote(
        product_id=body.product_id,
        storage_gb=body.storage_gb,
        market=body.market,
        answers=body.answers.model_dump(),
        partner=body.partner,
        user=user,
    )
    return Status(201, quote)


@router.get("/tradein/quotes/{quote_id}", response=QuoteOut, summary="One quote", openapi_extra=problems(404))
def get_quote(request, quote_id: str):
    quote = selectors.quote_by_ref(quote_id)
    if quote is None or quote.store_id is not None:
        raise NotFound(_("No quote with this reference."), code="quote_not_found")
    return quote


@router.post(
    "/tradein/quotes/{quote_id}/accept",
    auth=token_auth,
    response={201: TradeInOut},
    summary="Accept a quote",
    openapi_extra=problems(401, 403, 404, 409, 422, 503),
)
def accept_quote(request, quote_id: str, body: AcceptIn):
    """Identity (18+), the device's IMEI (or serial) and the bank account the money goes to. Returns the
    trade-in order with its prepaid label and a ship-by date 14 days away."""
    user = acting_buyer(request)
    acceptance = orders.Acceptance(
        first_name=body.identity.first_name,
        last_name=body.identity.last_name,
        date_of_birth=body.identity.date_of_birth,
        imei=body.device.imei,
        serial=body.device.serial,
        payout=body.payout.model_dump(),
        email=user.email,
        address=body.address,
    )
    tradein = orders.accept_quote(ref=quote_id, acceptance=acceptance, customer=user)
    return Status(201, selectors.tradein_by_ref(tradein.ref))


@router.get(
    "/tradein/orders",
    auth=token_auth,
    response=TradeInList,
    summary="My trade-ins",
    openapi_extra=problems(401, 403),
)
def list_orders(request, paging: Query[PageQuery]):
    user, now = acting_buyer(request), clock.now()
    return paginate(request, selectors.customer_tradeins(user), paging, out=lambda t: processes.as_of(t, now))


@router.get(
    "/tradein/orders/{tradein_id}",
    auth=token_auth,
    response=TradeInOut,
    summary="One of my trade-ins",
    openapi_extra=problems(401, 403, 404),
)
def get_order(request, tradein_id: str):
    """Status, deadlines, counter-offer (with its evidence) and the timeline; another customer's is a 404."""
    return access.for_customer(user=acting_buyer(request), ref=tradein_id)


@router.post(
    "/tradein/orders/{tradein_id}/ship",
    auth=token_auth,
    response=TradeInOut,
    summary="I shipped my device",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def ship(request, tradein_id: str, body: TrackingIn):
    return orders.mark_shipped(user=acting_buyer(request), ref=tradein_id, tracking=body.tracking)


@router.post(
    "/tradein/orders/{tradein_id}/cancel",
    auth=token_auth,
    response=TradeInOut,
    summary="Cancel before shipping",
    openapi_extra=problems(401, 403, 404, 409),
)
def cancel(request, tradein_id: str):
    return orders.cancel(user=acting_buyer(request), ref=tradein_id)


@router.post(
    "/tradein/orders/{tradein_id}/counter-offer/accept",
    auth=token_auth,
    response=TradeInOut,
    summary="Accept the counter-offer",
    openapi_extra=problems(401, 403, 404, 409),
)
def accept_counter(request, tradein_id: str):
    return orders.answer_counter_offer(user=acting_buyer(request), ref=tradein_id, accept=True)


@router.post(
    "/tradein/orders/{tradein_id}/counter-offer/refuse",
    auth=token_auth,
    response=TradeInOut,
    summary="Refuse the counter-offer: the device comes back free",
    openapi_extra=problems(401, 403, 404, 409),
)
def refuse_counter(request, tradein_id: str):
    return orders.answer_counter_offer(user=acting_buyer(request), ref=tradein_id, accept=False)
