"""Demo orders for buyer@demo.comeback.test (called by `comeback seed-demo`), one per state a buyer meets:
paid (waiting for the seller), shipped, delivered with a review (a phone and a strap from two sellers),
completed, reviewed and paid out, returned and refunded, an add-on returned whose seller missed the
receipt deadline (escalated to staff), and two customisations (demo_customise.py).

Everything goes through the services with past timestamps, so the ledger, payouts, events and stock are
exactly what real use would have produced. Deterministic: offers are picked with `ctx.rng` from a sorted
list and every time is relative to `ctx.now`.
"""

from __future__ import annotations

from datetime import timedelta

from comeback.offers.models import OfferStatus
from comeback.sellers.models import SellerStatus

from .payments.testing import CARD_SUCCEEDS
from .services import cart as cart_service
from .services import checkout as checkout_service
from .services import fulfilment, returns, reviews

DEMO_BUYER = "buyer@demo.comeback.test"
FIRST_SELLER = "seller1@demo.comeback.test"
ADDRESS = {
    "name": "Camille Demo",
    "line1": "12 rue des Archives",
    "postal_code": "75004",
    "city": "Paris",
    "phone": "+33 1 23 45 67 89",
}
CARRIERS = ["Colissimo", "Chronopost", "DPD", "UPS"]


def _pick(ctx, pool: list, used: set):
    offer = ctx.rng.choice([o for o in pool if o.pk not in used])
    used.add(offer.pk)
    return offer


def _lines(order) -> list:
    return list(order.lines.select_related("order__buyer", "seller").order_by("id"))


def _device_with_addon(ctx, devices: list, extras: list, used: set) -> list:
    """A device and an accessory that fits it, from two sellers when the demo has them."""
    from comeback.catalog.models import ProductModel

    fits = ProductModel.compatible_with.through.objects.filter(
        from_productmodel_id__in={o.variant.product_id for o in extras}
    ).values_list("from_productmodel_id", "to_productmodel_id")
    pairs = [
        (d, a)
        for a in extras
        for d in devices
        if (a.variant.product_id, d.variant.product_id) in set(fits) and d.pk not in used and a.pk not in used
    ]
    if not pairs:
        return [_pick(ctx, devices, used)]
    pairs.sort(key=lambda p: (p[0].seller_id == p[1].seller_id, p[0].pk, p[1].pk))
    best = [p for p in pairs if p[0].seller_id != p[1].seller_id] or pairs
    device, addon = ctx.rng.choice(best[:20])
    used.update({device.pk, addon.pk})
    return [device, addon]


def _luhn_imei(ctx) -> str:
    from stdnum import luhn

    body = "35" + "".join(str(ctx.rng.randint(0, 9)) for _ in range(12))
    return body + luhn.calc_check_digit(body)


def _order(ctx, buyer, offers, *, at, key: str):
    for offer in offers:
        cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)
    return checkout_service.checkout(
        buyer=buyer,
        market_code="FR",
        idempotency_key=key,
        shipping_address=ADDRESS,
        payment_method=CARD_SUCCEEDS,
        at=at,
    ).order


def _ship(ctx, line, *, accepted, shipped, has_battery: bool):
    fulfilment.accept_line(seller=line.seller, line_id=line.pk, at=accepted)
    identifier = (
        {"imei": _luhn_imei(ctx)} if has_battery else {"serial": f"SN{ctx.rng.randint(10**9, 10**10 - 1)}"}
    )
    fulfilment.ship_line(
        seller=line.seller,
        line_id=line.pk,
        tracking_number=f"6A{ctx.rng.randint(10**10, 10**11 - 1)}",
        carrier=ctx.rng.choice(CARRIERS),
        at=shipped,
        **identifier,
    )


def seed_demo(ctx) -> None:
    buyer = ctx.users.get(DEMO_BUYER)
    if buyer is None:
        return
    now = ctx.now
    full = {s.pk for s in ctx.sellers.values() if s.status == SellerStatus.FULL}
    on_sale = sorted(
        (
            o
            for o in ctx.offers
            if o.market_id == "FR"
            and o.status == OfferStatus.ACTIVE
            and o.quantity >= 2
            and o.seller_id in full
        ),
        key=lambda o: o.pk,
    )
    accessory = {p.pk for p in ctx.products if getattr(p.category, "kind", "device") == "accessory"}
    devices = [
        o
        for o in on_sale
        if o.variant.product_id not in accessory and o.variant.product.category.battery_floor
    ]
    extras = [o for o in on_sale if o.variant.product_id in accessory]
    if len(devices) < 5:
        return
    used: set = set()
    # the device + add-on pair first, so the other orders cannot take its device
    pair = _device_with_addon(ctx, devices, extras, used)
    picks = [_pick(ctx, devices, used) for _ in range(2)]
    # the first demo seller gets the orders still waiting for a seller, so its portal has work to show
    first_seller = ctx.sellers.get(FIRST_SELLER)
    own = [
        o for o in devices if first_seller is not None and o.seller_id == first_seller.pk and o.pk not in used
    ]
    picks += [_pick(ctx, own if len(own) >= 2 else devices, used) for _ in range(2)]

    # 1. Completed: delivered 42 days ago and reviewed; the payouts demo pays it out on a payout day.
    t = now - timedelta(days=45)
    first = _lines(_order(ctx, buyer, [picks[0]], at=t, key="demo-completed"))[0]
    _ship(ctx, first, accepted=t + timedelta(hours=3), shipped=t + timedelta(days=1), has_battery=True)
    fulfilment.buyer_confirm_delivery(buyer=buyer, line_id=first.pk, at=t + timedelta(days=3))
    reviews.post_review(
        buyer=buyer,
        line_id=first.pk,
        stars=5,
        at=t + timedelta(days=5),
        comment="Looks brand new, battery at 94%. Delivered in two days.",
    )

    # 2. Returned: delivered 16 days ago, a change of mind, received and refunded to the card.
    t = now - timedelta(days=20)
    returned = _lines(_order(ctx, buyer, [picks[1]], at=t, key="demo-returned"))[0]
    _ship(ctx, returned, accepted=t + timedelta(hours=5), shipped=t + timedelta(days=1), has_battery=True)
    fulfilment.buyer_confirm_delivery(buyer=buyer, line_id=returned.pk, at=t + timedelta(days=4))
    ret = returns.request_return(
        buyer=buyer,
        order_id=returned.order_id,
        reason="changed_mind",
        at=t + timedelta(days=6),
        comment="I finally kept my old phone.",
    )[0]
    returns.record_parcel_delivery(ret, when=t + timedelta(days=9))  # the carrier's scan of the label
    returns.receive_return(seller=returned.seller, return_id=ret.pk, at=t + timedelta(days=10))
    returns.refund_return(seller=returned.seller, return_id=ret.pk, at=t + timedelta(days=10, hours=2))

    # 3. Delivered with a review: a device and a strap (an add-on), two sellers, one order.
    t = now - timedelta(days=12)
    delivered = _lines(_order(ctx, buyer, pair, at=t, key="demo-delivered"))
    for line in delivered:
        _ship(
            ctx,
            line,
            accepted=t + timedelta(hours=2),
            shipped=t + timedelta(hours=20),
            has_battery=line.product_id not in accessory,
        )
        fulfilment.buyer_confirm_delivery(buyer=buyer, line_id=line.pk, at=t + timedelta(days=4))
    reviews.post_review(
        buyer=buyer,
        line_id=delivered[0].pk,
        stars=4,
        at=t + timedelta(days=6),
        comment="Very good condition, a tiny mark on the back.",
    )

    # ... and the add-on sent back: its parcel reached the seller 6 days ago, who never confirmed receipt, so
    # the return is escalated to staff (the back office's returns queue shows it first).
    if len(delivered) > 1:
        sent_back = returns.request_return(
            buyer=buyer,
            order_id=delivered[1].order_id,
            line_ids=[delivered[1].pk],
            reason="changed_mind",
            at=now - timedelta(days=7),
            comment="Wrong colour for me.",
        )[0]
        returns.record_parcel_delivery(sent_back, when=now - timedelta(days=6))

    # 4. Shipped two days ago, on its way.
    t = now - timedelta(days=3)
    shipped = _lines(_order(ctx, buyer, [picks[2]], at=t, key="demo-shipped"))[0]
    _ship(ctx, shipped, accepted=t + timedelta(hours=4), shipped=t + timedelta(days=1), has_battery=True)

    # 5. Paid two hours ago: waiting for the seller to accept.
    _order(ctx, buyer, [picks[3]], at=now - timedelta(hours=2), key="demo-paid")

    # 6. Customised: a watch with a new strap (delivered), a phone with a new case (shipped), one parcel each.
    from .demo_customise import seed_customisations

    seed_customisations(
        ctx,
        buyer,
        devices,
        used,
        checkout=lambda *, at, key: _order(ctx, buyer, [], at=at, key=key),
        ship=lambda line, *, accepted, shipped: _ship(
            ctx, line, accepted=accepted, shipped=shipped, has_battery=True
        ),
    )

    # The sellers' ratings: past orders of three demo shoppers, every line delivered and reviewed.
    from .demo_reviews import seed_reviews

    seed_reviews(ctx)

    # The clock's work up to now; the payouts app's demo pays order 1 on a payout day.
    fulfilment.catch_up(at=now)


def describe_login(user) -> tuple[str, str] | None:
    """Role and what to try for the shoppers whose past orders make the sellers' ratings."""
    from django.utils.translation import gettext as _

    from .demo_reviews import SHOPPERS

    if user.email.partition("@")[0] in {login for login, _name in SHOPPERS}:
        return _("buyer · past orders"), _("Delivered orders and the reviews that make the sellers' ratings")
    return None
