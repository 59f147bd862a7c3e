"""Demo data for webhooks (called by `comeback seed-demo`): one paused endpoint for the first demo seller
with a short delivery log — a success, a failure waiting for its retry, one given up — so the portal
page shows what a seller will see. Deterministic: everything derives from `ctx.rng` and `ctx.now`.
"""

from __future__ import annotations

from datetime import timedelta

from . import services, signing
from .models import DeliveryStatus, WebhookDelivery, WebhookSubscription

DEMO_SELLER = "seller1@demo.comeback.test"
DEMO_URL = "http://127.0.0.1:9/hooks"  # the discard port: nothing listens, so nothing is ever sent anywhere


def seed_demo(ctx) -> None:
    seller = ctx.sellers.get(DEMO_SELLER)
    if seller is None:
        return
    WebhookSubscription.objects.filter(seller=seller, url=DEMO_URL).delete()
    now = ctx.now
    secret = signing.SECRET_PREFIX + "".join(
        ctx.rng.choice("abcdefghijkmnopqrstuvwxyz23456789") for _ in range(43)
    )
    subscription = WebhookSubscription.objects.create(
        seller=seller,
        url=DEMO_URL,
        events=["order.created", "order.line.paid", "return.requested", "review.posted"],
        secret=secret,
        description="Demo endpoint (paused): a sample delivery log",
        is_active=False,
        created_at=now - timedelta(days=3),
        updated_at=now - timedelta(days=3),
    )
    offers = [o for o in ctx.offers if o.seller_id == seller.pk][:3] or [None]
    order_base = ctx.rng.randint(1000, 9000)
    S = DeliveryStatus
    samples = [
        # (topic, status, attempts, last code, error, excerpt, age)
        ("order.created", S.SUCCEEDED, 1, 200, "", '{"ok":true}', timedelta(days=2, hours=5)),
        ("order.line.paid", S.SUCCEEDED, 2, 204, "", "", timedelta(days=2, hours=5)),
        ("review.posted", S.FAILED, 3, 503, "", "Service Unavailable", timedelta(minutes=50)),
        (
            "return.requested",
            S.GAVE_UP,
            services.MAX_ATTEMPTS,
            None,
            "ConnectionRefusedError: [Errno 111] Connection refused",
            "",
            timedelta(days=2),
        ),
    ]
    rows = []
    for i, (topic, status, attempts, code, error, excerpt, age) in enumerate(samples):
        created = now - age
        offer = offers[i % len(offers)]
        payload = {"seller_id": seller.pk, "order_id": order_base + i, "line_id": (order_base + i) * 10 + 1}
        if offer is not None:
            payload["offer_id"] = offer.pk
        rows.append(
            WebhookDelivery(
                subscription=subscription,
                event_id=f"evt_demo_{order_base + i}",
                topic=topic,
                payload=payload,
                occurred_at=created,
                status=status,
                attempts=attempts,
                next_attempt_at=now + timedelta(minutes=40) if status == S.FAILED else None,
                last_attempt_at=created + timedelta(minutes=1),
                last_status_code=code,
                last_error=error,
                response_excerpt=excerpt,
                created_at=created,
                updated_at=created + timedelta(minutes=1),
            )
        )
    WebhookDelivery.objects.bulk_create(rows)
