"""Demo passports (called by `comeback seed-demo` after the orders hook, so its units exist):

- every unit the demo orders shipped gets its passport (the same `sync_line` the outbox handlers run);
- a garment: a jacket a refurbisher registered from stock, with its fibre composition, care and repair
  instructions, and a zip repair;
- a phone with two lives: sold new-to-us three years ago, traded in, wiped, refurbished with a new
  battery by another refurbisher, and back in stock under a passport linked to its first one.

Deterministic on a fresh database: serials derive from each passport's source (services.derived_serial),
times are relative to `ctx.now`.
"""

from __future__ import annotations

from datetime import timedelta

from comeback.offers.models import OfferStatus
from comeback.sellers.models import SellerStatus

from . import handlers, selectors, services
from .kinds import Actor
from .models import Source

CARE = [
    "Machine wash cold (30 °C), gentle cycle",
    "Do not bleach",
    "Tumble dry low",
    "Do not iron the print",
    "Do not dry clean",
]
JACKET_REPAIR = (
    "Zips, buttons and seams can be repaired by any tailor; torn shell fabric takes a patch. "
    "Ask the refurbisher for spare parts before replacing the jacket."
)


def seed_demo(ctx) -> None:
    from comeback.orders.models import OrderLine

    sellers = [s for _email, s in sorted(ctx.sellers.items()) if s.status == SellerStatus.FULL]
    if not sellers:
        return
    lines = list(
        OrderLine.objects.filter(seller__in=sellers, shipped_at__isnull=False)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    for line_id in ctx.progress(lines, desc="passports for shipped units"):
        handlers.sync_line(line_id=line_id)
    _garment(ctx, sellers)
    _two_lives(ctx, sellers)


def _offers(ctx, sellers, *, kind: str | None = None, category: str | None = None) -> list:
    ids = {s.pk for s in sellers}
    found = [
        o
        for o in ctx.offers
        if o.seller_id in ids
        and o.status == OfferStatus.ACTIVE
        and (kind is None or o.variant.product.category.kind == kind)
        and (category is None or o.variant.product.category.slug == category)
    ]
    return sorted(found, key=lambda o: o.pk)


def _garment(ctx, sellers) -> None:
    offers = _offers(ctx, sellers, kind="apparel")
    if not offers:
        return
    offer = offers[0]
    seller = offer.seller
    at = ctx.now - timedelta(days=9)
    p = services.open_stock_passport(
        seller=seller,
        variant=offer.variant,
        grade=offer.grade,
        care_instructions=CARE,
        repair_instructions=JACKET_REPAIR,
        idempotency_key="demo-jacket",
        at=at,
    )
    actor = Actor.of_seller(seller)
    services.record_event(
        passport=p,
        kind="repaired",
        actor=actor,
        at=at + timedelta(days=1),
        key=f"demo:{p.pk}:zip",
        data={
            "summary": "Main zip slider replaced; seams checked and re-stitched at the cuff",
            "parts_replaced": [{"part": "zip slider", "source": "compatible"}],
            "repairer": seller.display_name,
            "technician": "Atelier bench 2",
        },
    )
    services.record_event(
        passport=p,
        kind="listed",
        actor=actor,
        at=at + timedelta(days=2),
        key=f"demo:{p.pk}:listed",
        data={"grade": offer.grade, "market": offer.market_id, "warranty_months": offer.warranty_months},
    )


def _two_lives(ctx, sellers) -> None:
    offers = _offers(ctx, sellers, category="smartphones")
    if len(sellers) < 2 or not offers:
        return
    offer = offers[len(offers) // 2]
    first = offer.seller
    second = next(s for s in sellers if s.pk != first.pk)
    imei = "35" + "".join(str(ctx.rng.randint(0, 9)) for _ in range(12))
    from stdnum import luhn

    imei += luhn.calc_check_digit(imei)
    born = ctx.now - timedelta(days=3 * 365)
    life1 = services.open_stock_passport(
        seller=first,
        variant=offer.variant,
        imei=imei,
        grade="excellent",
        battery_health=96,
        idempotency_key="demo-two-lives-1",
        at=born,
    )
    system = Actor.system()
    key = f"demo:{life1.pk}"
    services.record_event(
        passport=life1,
        kind="sold",
        actor=system,
        at=born + timedelta(days=3),
        key=f"{key}:sold",
        data={"market": "FR", "grade": "excellent", "warranty_months": 12, "seller": first.display_name},
    )
    delivered = born + timedelta(days=5)
    starts = delivered.date()
    services.record_event(
        passport=life1,
        kind="delivered",
        actor=system,
        at=delivered,
        key=f"{key}:delivered",
        data={
            "warranty_months": 12,
            "warranty_starts": starts.isoformat(),
            "warranty_until": selectors.warranty_until(starts, 12).isoformat(),
            "legal_guarantee_months": 24,
        },
    )
    services.record_event(
        passport=life1,
        kind="battery_measured",
        actor=Actor.of_seller(first),
        at=born + timedelta(days=400),
        key=f"{key}:battery",
        data={"battery_health": 88, "cycle_count": 410, "measured_with": "in-store diagnostic"},
    )
    traded = ctx.now - timedelta(days=40)
    services.record_event(
        passport=life1,
        kind="traded_in",
        actor=system,
        at=traded,
        key=f"{key}:traded",
        data={"channel": "online trade-in", "condition": "screen fine, battery worn"},
    )
    services.record_event(
        passport=life1,
        kind="data_wiped",
        actor=system,
        at=traded + timedelta(days=3),
        key=f"{key}:wiped",
        data={
            "method": "purge",
            "standard": "NIST SP 800-88 Rev.2",
            "tool": "nwipe",
            "tool_version": "0.36",
            "verified": True,
            "certificate_ref": "WIPE-2024-0042",
            "operator": "Zweitwerk wipe station 1",
        },
    )
    services.record_event(
        passport=life1,
        kind="routed",
        actor=system,
        at=traded + timedelta(days=3),
        key=f"{key}:routed",
        data={"route": "refurbish", "reason": "battery below 80%"},
    )
    life2 = services.open_passport(
        variant=offer.variant,
        source=Source.TRADE_IN,
        source_ref=f"demo-two-lives-2:{second.pk}",
        previous=life1,
        issuer=second,
        imei=imei,
        actor=Actor.of_seller(second),
        at=traded + timedelta(days=6),
    )
    actor = Actor.of_seller(second)
    key = f"demo:{life2.pk}"
    services.record_event(
        passport=life2,
        kind="refurbished",
        actor=actor,
        at=traded + timedelta(days=7),
        key=f"{key}:refurbished",
        data={
            "summary": "Full refurbishment: cleaned, tested on 45 points, new battery",
            "operations": ["45-point functional test", "deep clean", "battery replacement"],
            "technician": "Bench 4",
        },
    )
    services.record_event(
        passport=life2,
        kind="part_replaced",
        actor=actor,
        at=traded + timedelta(days=7),
        key=f"{key}:battery-part",
        data={"part": "battery", "part_source": "compatible"},
    )
    services.record_event(
        passport=life2,
        kind="battery_measured",
        actor=actor,
        at=traded + timedelta(days=7),
        key=f"{key}:battery",
        data={"battery_health": 100, "cycle_count": 2},
    )
    services.record_event(
        passport=life2,
        kind="graded",
        actor=actor,
        at=traded + timedelta(days=8),
        key=f"{key}:graded",
        data={"grade": "excellent", "battery_health": 100},
    )
