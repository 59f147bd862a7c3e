"""The customer's side of a trade-in: accept a quote (identity, device, bank account), ship or cancel it,
answer a counter-offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.ids import public_ref
from comeback.core.problems import Conflict, NotFound
from comeback.sellers.models import Seller
from comeback.sellers.selectors import selling_q

from .. import conditions, processes, selectors, validation
from ..models import Channel, CounterDecision, CounterOffer, Quote, Store, TradeIn
from ..models import TradeInStatus as S
from ..processes import Actor
from . import access
from .inspection import check_blocklist, mark_validated
from .quotes import quote_status


@dataclass
class Acceptance:
    first_name: str
    last_name: str
    date_of_birth: date | str | None
    imei: str = ""
    serial: str = ""
    payout: dict = field(default_factory=dict)
    email: str = ""
    address: str = ""


def _quote_for(ref: str, *, customer, store: Store | None) -> Quote:
    quote = selectors.quote_by_ref(ref or "")
    # A quote asked for by someone signed in is theirs; a store's quote is the store's.
    mine = quote is not None and (
        (store is None and quote.store_id is None and quote.user_id in (None, getattr(customer, "pk", None)))
        or (store is not None and quote.store_id == store.pk)
    )
    if not mine:
        raise NotFound(_("No quote with this reference."), code="quote_not_found")
    return quote


def accept_quote(
    *, ref: str, acceptance: Acceptance, customer=None, store: Store | None = None, at: datetime | None = None
) -> TradeIn:
    """Turn a quote into a trade-in order with a prepaid label and a ship-by date 14 days away.

    Every bad field is a 422 naming it; an expired or already accepted quote, or a device on a block list,
    is a 409 with a clear reason (a blocked device is never paid).
    """
    at = at or clock.now()
    quote = _quote_for(ref, customer=customer, store=store)
    status = quote_status(quote, at)
    if status == "expired":
        raise Conflict(
            _("This quote expired on %(d)s; get a new one.") % {"d": quote.expires_at.date().isoformat()},
            code="quote_expired",
            expires_at=clock.rfc3339(quote.expires_at),
        )
    if status == "accepted":
        raise Conflict(_("This quote was already accepted."), code="quote_already_accepted")
    errors = validation.Errors()
    first = validation.name(acceptance.first_name, errors, "identity.first_name")
    last = validation.name(acceptance.last_name, errors, "identity.last_name")
    dob = validation.date_of_birth(acceptance.date_of_birth, errors, tz=quote.market.timezone, at=at)
    identifier = conditions.identifier(quote.product)
    if identifier == "imei":
        imei, serial = validation.imei(acceptance.imei, errors), ""
    elif identifier == "serial":
        imei, serial = "", validation.serial(acceptance.serial, errors)
    else:  # a garment: nothing identifies it but the trade-in itself, and no block list knows it
        imei, serial = "", ""
    account = validation.bank_account(acceptance.payout or {}, errors, market_code=quote.market_id)
    address = " ".join((acceptance.address or "").split())
    if store is None and not 5 <= len(address) <= 300:
        errors.add(
            "address", "address_required", _("Enter the postal address a refused device is returned to.")
        )
    errors.raise_if_any()
    verdict = check_blocklist(imei or serial) if identifier != "none" else None
    if verdict is not None and verdict.blocked:
        raise Conflict(
            _("This device is on a block list (%(reason)s): it cannot be traded in.")
            % {"reason": verdict.reason},
            code="device_blocked",
            reason=verdict.reason,
        )
    if not Seller.objects.filter(selling_q(at), pk=quote.seller_id).exists():
        raise Conflict(
            _("The refurbisher behind this quote no longer buys devices; get a new quote."),
            code="quote_no_longer_available",
        )
    try:
        with transaction.atomic():
            tradein = TradeIn.objects.create(
                ref=public_ref("TRD"),
                quote=quote,
                customer=customer if store is None else None,
                seller_id=quote.seller_id,
                buyback_offer_id=quote.buyback_offer_id,
                product=quote.product,
                storage_gb=quote.storage_gb,
                market=quote.market,
                tier=quote.tier,
                questionnaire=conditions.questionnaire(quote.product),
                channel=Channel.STORE if store is not None else Channel.ONLINE,
                partner=quote.partner,
                store=store or quote.store,
                currency=quote.currency,
                quoted_amount=quote.price_amount,
                bonus_amount=quote.bonus_amount,
                first_name=first,
                last_name=last,
                date_of_birth=dob,
                email=(acceptance.email or getattr(customer, "email", "") or "")[:254],
                address=address,
                imei=imei,
                serial=serial,
                payout_method=account.method,
                account_holder=account.holder,
                iban=account.iban,
                account_number=account.account_number,
                routing_number=account.routing_number,
                bank_code=account.bank_code,
                branch_code=account.branch_code,
                label_ref=public_ref("LBL") if store is None else "",
                accepted_at=at,
                ship_by=processes.ship_by(at),
            )
            processes.record(
                tradein,
                "accepted",
                actor=Actor.STORE if store else Actor.CUSTOMER,
                at=at,
                by=customer if getattr(customer, "pk", None) else None,
            )
            processes.emit(tradein, "tradein.accepted")
    except IntegrityError as exc:
        raise Conflict(_("This quote was already accepted."), code="quote_already_accepted") from exc
    return tradein


def mark_shipped(*, user, ref: str, tracking: str = "", at: datetime | None = None) -> TradeIn:
    at = at or clock.now()
    tradein = access.for_customer(user=user, ref=ref, at=at, acting=True)
    with transaction.atomic():
        processes.move(
            tradein,
            S.SHIPPED,
            actor=Actor.CUSTOMER,
            at=at,
            by=user,
            tracking_number=(tracking or tradein.label_ref).strip()[:60],
        )
    return tradein


def cancel(*, user, ref: str, at: datetime | None = None) -> TradeIn:
    at = at or clock.now()
    tradein = access.for_customer(user=user, ref=ref, at=at, acting=True)
    with transaction.atomic():
        processes.move(tradein, S.CANCELLED, actor=Actor.CUSTOMER, at=at, by=user)
    return tradein


def answer_counter_offer(*, user, ref: str, accept: bool, at: datetime | None = None) -> TradeIn:
    """Accept (paid at the counter-offer's price) or refuse (the device comes back free within 2 business days)."""
    at = at or clock.now()
    tradein = access.for_customer(user=user, ref=ref, at=at, acting=True)
    if tradein.status != S.COUNTER_OFFERED:
        raise Conflict(
            _("There is no counter-offer waiting for your answer."),
            code="no_pending_counter_offer",
            current_status=tradein.status,
        )
    with transaction.atomic():
        if accept:
            mark_validated(tradein, final_amount=tradein.counter_amount, actor=Actor.CUSTOMER, at=at, by=user)
        else:
            processes.move(
                tradein,
                S.RETURNING,
                actor=Actor.CUSTOMER,
                at=at,
                by=user,
                return_due_at=processes.return_due(at, tradein.market),
            )
        CounterOffer.objects.filter(tradein=tradein, decision=CounterDecision.PENDING).update(
            decision=CounterDecision.ACCEPTED if accept else CounterDecision.REFUSED, decided_at=at
        )
    return tradein
