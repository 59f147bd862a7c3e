"""Trade-ins through the services at past times: paid trade-ins at the retail counters over the past weeks,
and buyer@'s trade-ins in every interesting state.
"""

from __future__ import annotations

import base64
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum import luhn

from comeback.core.problems import Problem

from .. import conditions, selectors
from ..models import (
    BuybackOffer,
    Partner,
    Store,
    Tier,
    TradeIn,
    Verification,
)
from ..services import access, inspection, orders, partners, payouts, quotes
from .people import BUYER

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _imei(ctx) -> str:
    body = f"35{ctx.rng.randrange(10**12):012d}"
    return body + luhn.calc_check_digit(body)


def _answers(product, *, tier: str = "good") -> dict:
    screen = (
        {"flawless": "flawless", "good": "scratches"}.get(tier, "flawless")
        if conditions.has_screen(product)
        else None
    )
    body = "scratches" if tier == "good" and screen is None else "flawless"
    return {"powers_on": True, "screen": screen, "body": body, "functional": True, "accounts_removed": True}


def _quoteable(ctx, market: str, *, only=None) -> list:
    found = (
        BuybackOffer.objects.filter(market_id=market, tier__in=[Tier.FLAWLESS, Tier.GOOD])
        .values_list("product_id", flat=True)
        .distinct()
    )
    ids = set(found)
    return [p for p in ctx.products if p.pk in ids and (only is None or p.pk in only)]


def _wipe(at, operator: str, tool: str = "Blancco Mobile Diagnostics & Erasure") -> inspection.WipeDraft:
    return inspection.WipeDraft(
        method="purge",
        technique="Cryptographic erase + factory reset",
        tool=tool,
        tool_version="6.12",
        operator_name=operator,
        started_at=at - timedelta(minutes=20),
        ended_at=at - timedelta(minutes=4),
        verification=Verification.PASSED,
        verification_method="Full read-back sampling",
    )


def _payout_for(market_code: str, holder: str, n: int) -> dict:
    if market_code == "US":
        return {
            "method": "us_account",
            "account_holder": holder,
            "routing_number": "111000025",
            "account_number": f"{40000000 + n}",
        }
    if market_code == "JP":
        return {
            "method": "jp_account",
            "account_holder": holder,
            "bank_code": "0005",
            "branch_code": "001",
            "account_number": f"{1234500 + n:07d}",
        }
    ibans = {
        "FR": "FR1420041010050500013M02606",
        "DE": "DE89370400440532013000",
        "GB": "GB29NWBK60161331926819",
    }
    return {"method": "iban", "account_holder": holder, "iban": ibans.get(market_code, ibans["FR"])}


def _acceptance(ctx, product, market_code: str, first: str, last: str, n: int) -> orders.Acceptance:
    device = (
        {"imei": _imei(ctx)}
        if conditions.has_imei(product)
        else {"serial": f"SN{ctx.rng.randrange(10**9):09d}"}
    )
    return orders.Acceptance(
        first_name=first,
        last_name=last,
        date_of_birth="1988-04-12",
        payout=_payout_for(market_code, f"{first} {last}", n),
        address="8 rue des Lilas, 75020 Paris",
        **device,
    )


def _counter_history(ctx, retail: Partner) -> None:
    """Paid counter trade-ins at Relay's stores over the last 11 weeks (the dashboard's chart)."""
    names = [
        ("Léa", "Martin"),
        ("Jonas", "Weber"),
        ("Amelia", "Clarke"),
        ("Ethan", "Brooks"),
        ("Yui", "Sato"),
        ("Hugo", "Bernard"),
    ]
    stores = list(Store.objects.filter(partner=retail).order_by("code"))
    n = 0
    for week in ctx.progress(range(11, 0, -1), "Trade-in counter history"):
        for store in stores:
            candidates = _quoteable(ctx, store.market_id)
            for _i in range(ctx.rng.randrange(0, 3)):
                if not candidates:
                    break
                n += 1
                product = ctx.rng.choice(candidates)
                at = ctx.now - timedelta(weeks=week, hours=ctx.rng.randrange(0, 120))
                storage = (selectors.storage_options(product) or [0])[0]
                try:
                    quote = partners.counter_quote(
                        store=store,
                        product_id=product.pk,
                        storage_gb=storage,
                        answers=_answers(product),
                        at=at - timedelta(minutes=30),  # the wipe at the counter follows the quote
                    )
                    first, last = names[n % len(names)]
                    partners.counter_complete(
                        store=store,
                        quote_ref=quote.ref,
                        acceptance=_acceptance(ctx, product, store.market_id, first, last, n),
                        wipe=_wipe(at, "Sam Store", "Relay Counter Wipe"),
                        lock_off=True,
                        at=at,
                    )
                except Problem:  # no buyback offer with capacity for it: the history simply has a gap
                    continue


def _customer_tradeins(ctx, brand: Partner) -> None:
    """buyer@'s trade-ins, one per state worth seeing."""
    buyer = ctx.users.get(BUYER)
    if buyer is None:
        return
    phones = [p for p in _quoteable(ctx, "FR") if conditions.has_imei(p)]
    consoles = _quoteable(ctx, "FR", only=set(brand.eligible_models.values_list("pk", flat=True)))
    if not phones:
        return
    plan = ["quoted", "awaiting_shipment", "shipped", "received", "counter_offered", "paid", "paid_brand"]
    for n, state in enumerate(plan):
        product = consoles[0] if state == "paid_brand" and consoles else phones[n % len(phones)]
        at = ctx.now - timedelta(
            days={
                "paid": 20,
                "paid_brand": 12,
                "counter_offered": 3,
                "received": 1,
                "shipped": 2,
                "awaiting_shipment": 1,
            }.get(state, 0),
            hours=2,
        )
        storage = (selectors.storage_options(product) or [0])[0]
        tier = "flawless" if state in ("counter_offered", "paid") else "good"
        quote = quotes.request_quote(
            product_id=product.pk,
            storage_gb=storage,
            market="FR",
            answers=_answers(product, tier=tier),
            user=buyer,
            at=at,
            partner="novaplay" if state == "paid_brand" else None,
        )
        if state == "quoted":
            continue
        tradein = orders.accept_quote(
            ref=quote.ref,
            customer=buyer,
            at=at + timedelta(minutes=5),
            acceptance=_acceptance(ctx, product, "FR", "Bea", "Buyer", 900 + n),
        )
        _advance(tradein, state, at)


def _advance(tradein: TradeIn, state: str, at) -> None:
    if state == "awaiting_shipment":
        return
    buyer = tradein.customer
    orders.mark_shipped(
        user=buyer, ref=tradein.ref, tracking=f"LP{tradein.pk:08d}FR", at=at + timedelta(hours=20)
    )
    if state == "shipped":
        return
    op = access.Operator.refurbisher(tradein.seller)
    received = at + timedelta(days=1)
    inspection.receive(op=op, ref=tradein.ref, at=received)
    if state == "received":
        return
    if state == "counter_offered":
        photo = SimpleUploadedFile("crack.png", PNG, content_type="image/png")
        inspection.counter_offer(
            op=op,
            ref=tradein.ref,
            at=received + timedelta(hours=5),
            draft=inspection.CounterDraft(
                reason="screen_damage_undeclared",
                price=max(1, tradein.quoted_amount * 6 // 10),
                note="A crack runs across the top left corner of the screen.",
                photos=[photo],
            ),
        )
        return
    done = received + timedelta(hours=6)
    inspection.validate(op=op, ref=tradein.ref, at=done)
    inspection.confirm_lock_off(op=op, ref=tradein.ref, at=done)
    inspection.record_wipe(
        op=op,
        ref=tradein.ref,
        draft=_wipe(done + timedelta(hours=1), tradein.seller.display_name),
        at=done + timedelta(hours=1),
    )
    payouts.pay(ref=tradein.ref, at=done + timedelta(days=1))
