"""Demo warranty claims (called by `comeback seed-demo` after orders): buyer@demo.comeback.test bought three
more units from seller1@ (Atelier Renaissance) and claimed on each, so every role sees a claim in a state:

- awaiting the seller: opened two hours ago, its 2-business-day clock running (seller1's portal);
- escalated: opened eight days ago and never answered (staff@'s queue, with the decision form);
- resolved: a repair shipped back and confirmed by the buyer (history on the buyer's page).

Everything goes through the services with past timestamps, so deadlines, messages, stock and metrics are
what real use would have produced. Deterministic: offers are picked with `ctx.rng` from a sorted list.
"""

from __future__ import annotations

from datetime import timedelta

from stdnum import luhn

from comeback.offers.models import OfferStatus
from comeback.orders.payments.testing import CARD_SUCCEEDS
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services import fulfilment

from . import services
from .models import Author

DEMO_BUYER = "buyer@demo.comeback.test"
DEMO_SELLER = "seller1@demo.comeback.test"
ADDRESS = {"name": "Camille Demo", "line1": "12 rue des Archives", "postal_code": "75004", "city": "Paris"}


def _imei(ctx) -> str:
    body = "35" + "".join(str(ctx.rng.randint(0, 9)) for _ in range(12))
    return body + luhn.calc_check_digit(body)


def _delivered_line(ctx, buyer, offer, *, at, key: str):
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)
    order = checkout_service.checkout(
        buyer=buyer,
        market_code=offer.market_id,
        idempotency_key=key,
        shipping_address=ADDRESS,
        payment_method=CARD_SUCCEEDS,
        at=at,
    ).order
    line = order.lines.select_related("order").get()
    fulfilment.accept_line(seller=line.seller, line_id=line.pk, at=at + timedelta(hours=2))
    fulfilment.ship_line(
        seller=line.seller,
        line_id=line.pk,
        carrier="Colissimo",
        imei=_imei(ctx),
        tracking_number=f"6A{ctx.rng.randint(10**10, 10**11 - 1)}",
        at=at + timedelta(hours=20),
    )
    fulfilment.buyer_confirm_delivery(buyer=buyer, line_id=line.pk, at=at + timedelta(days=2))
    return line


def _claim(buyer, line, *, at, fault: str, description: str, **declared):
    draft = services.ClaimDraft(line_id=line.pk, fault=fault, description=description, **declared)
    return services.open_claim(buyer=buyer, draft=draft, at=at)


def seed_demo(ctx) -> None:
    buyer, seller = ctx.users.get(DEMO_BUYER), ctx.sellers.get(DEMO_SELLER)
    if buyer is None or seller is None:
        return
    offers = sorted(
        (
            o
            for o in ctx.offers
            if o.seller_id == seller.pk
            and o.market_id == "FR"
            and o.status == OfferStatus.ACTIVE
            and o.quantity >= 2
            and o.variant.product.category.battery_floor
        ),
        key=lambda o: o.pk,
    )
    if len(offers) < 3:
        return
    awaiting_offer, escalated_offer, resolved_offer = ctx.rng.sample(offers, 3)
    now = ctx.now

    # Resolved: delivered 60 days ago; a charging fault repaired, shipped back and confirmed.
    t = now - timedelta(days=62)
    line = _delivered_line(ctx, buyer, resolved_offer, at=t, key="demo-claim-resolved")
    claim = _claim(
        buyer,
        line,
        at=t + timedelta(days=40),
        fault="charging",
        description="The phone only charges when the cable is held at an angle.",
    )
    services.answer_claim(
        seller=seller,
        claim_id=claim.pk,
        at=t + timedelta(days=40, hours=20),
        draft=services.AnswerDraft(
            resolution="repair",
            return_label_url="https://labels.example/demo-repair.pdf",
            note="We replace the charging port: print the prepaid label.",
        ),
    )
    services.complete_repair(
        seller=seller,
        claim_id=claim.pk,
        tracking_number="6A20000000042",
        carrier="Colissimo",
        note="Charging port replaced and tested.",
        at=t + timedelta(days=45),
    )
    services.confirm_resolution(buyer=buyer, claim_id=claim.pk, at=t + timedelta(days=47))

    # Escalated: delivered 20 days ago; the claim waited eight days without an answer.
    t = now - timedelta(days=22)
    line = _delivered_line(ctx, buyer, escalated_offer, at=t, key="demo-claim-escalated")
    claim = _claim(
        buyer,
        line,
        at=now - timedelta(days=8),
        fault="screen",
        declared_dropped=False,
        description="Green vertical lines appear on the screen after a few minutes of use.",
    )
    services.post_message(
        claim=claim,
        author=Author.BUYER,
        user=buyer,
        at=now - timedelta(days=4),
        body="Hello, any news? The lines now cover half of the screen.",
    )

    # Awaiting the seller: delivered 9 days ago; a battery that drains fast, opened two hours ago.
    t = now - timedelta(days=11)
    line = _delivered_line(ctx, buyer, awaiting_offer, at=t, key="demo-claim-awaiting")
    _claim(
        buyer,
        line,
        at=now - timedelta(hours=2),
        fault="battery",
        battery_health=86,
        description="The battery drops from 100% to 20% in half a day with light use.",
    )
