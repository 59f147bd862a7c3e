"""Demo data of recovery, run by `comeback seed-demo` after trade-in and repair: every collected demo device
gets a visible fate.

- The platform's partners: a creative collection — "Buckle Up", belts whose buckle is a flip phone, by a
  fictional leather workshop — and certified recyclers (WEEELABEX in France, EN 50625 in Germany, R2 and
  e-Stewards in the US, …).
- Each paid demo trade-in is carried out through the services, at past times: most follow their rule's route
  (resell, refurbish — with a part from stock when the refurbisher has one that fits — then listed); a share
  is rerouted as refurbishers do when a job reveals more (harvest for parts, upcycle, recycle). Older devices
  reached their fate; recent ones are in progress or waiting; two are left idle for over 14 days so the
  inventory's "sitting too long" flag has something to show.

Every step goes through services/, so every rule holds; the passports are brought up to date directly
(handlers.sync, the outbox handler's function), as the passports demo does.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.db.models import Min

from comeback.core.problems import Problem
from comeback.offers.models import Offer
from comeback.tradein.models import DeviceRoute, Route, TradeIn, TradeInStatus
from comeback.tradein.services import access as tradein_access
from comeback.tradein.services import passport as tradein_passport
from comeback.tradein.services import routing

from . import handlers, parts, services
from .models import Certification, Collection, Recycler

RECYCLERS = [  # name, certification, certificate number, country
    ("Envie 2E Aquitaine", Certification.WEEELABEX, "WLX-FR-0117", "FR"),
    ("Elektro-Kreislauf Berlin GmbH", Certification.CENELEC, "EN50625-DE-2231", "DE"),
    ("Greenway Metals Ltd", Certification.WEEELABEX, "WLX-GB-0342", "GB"),
    ("Circular Electronics Recovery Inc.", Certification.R2, "R2v3-US-10482", "US"),
    ("Pacific e-Stewards Recycling", Certification.E_STEWARDS, "ES-US-2207", "US"),
    ("Kanto Urban Mining K.K.", Certification.R2, "R2v3-JP-00218", "JP"),
]
BELT = (
    "buckle-up",
    "Buckle Up",
    "Atelier Boucle (Lyon leather workshop)",
    "Belts whose buckle is a flip phone's shell: the hinge becomes the clasp. Each belt is numbered and "
    "names the phone it was made from.",
)
# One collected device in ten: its fate when the plan departs from the rule (what a job reveals).
PLAN = {5: Route.HARVEST, 6: Route.HARVEST, 7: Route.UPCYCLE, 8: Route.RECYCLE}
WHY = {
    Route.HARVEST: "Logic board fails at the bench: screen and battery are good donors",
    Route.UPCYCLE: "Not worth repairing; the shell goes to the Buckle Up belts",
    Route.RECYCLE: "Board and display both dead: certified recycling",
}
GRADES = ["excellent", "good", "good", "fair"]


def seed_demo(ctx) -> None:
    recyclers = _recyclers(ctx)
    belt = _collection(ctx)
    tradeins = list(
        TradeIn.objects.filter(status=TradeInStatus.PAID, route__isnull=False)
        .select_related("seller", "product__category", "route")
        .order_by("received_at", "pk")
    )
    idle_left = 2
    for i, t in enumerate(ctx.progress(tradeins, "Collected devices: routes carried out")):
        age = (ctx.now - (t.received_at or t.paid_at)).days
        plan = PLAN.get(i % 10, t.route.route)
        stale = idle_left > 0 and 16 <= age <= 40 and plan in (Route.RESELL, Route.REFURBISH)
        idle_left -= stale
        # A rule may refuse a step (a probation cap, a live offer promising more): the device waits there.
        with contextlib.suppress(Problem):
            _carry_out(ctx, t, plan, age=age, stale=stale, recyclers=recyclers, collection=belt, n=i)
        tradein_passport.sync(t.pk)
        device = getattr(TradeIn.objects.select_related("recovery").get(pk=t.pk), "recovery", None)
        if device is not None:
            handlers.sync(device.pk)


def _recyclers(ctx) -> dict[str, Recycler]:
    found = {}
    for name, certification, number, country in RECYCLERS:
        recycler, _created = Recycler.objects.update_or_create(
            name=name,
            defaults={
                "certification": certification,
                "certificate_number": number,
                "country": country,
                "is_active": True,
                "created_at": ctx.now - timedelta(days=300),
            },
        )
        found.setdefault(country, recycler)
    return found


def _collection(ctx) -> Collection:
    slug, name, maker, description = BELT
    collection, _created = Collection.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "maker": maker,
            "description": description,
            "is_active": True,
            "created_at": ctx.now - timedelta(days=200),
        },
    )
    return collection


def _carry_out(ctx, t: TradeIn, plan: str, *, age: int, stale: bool, recyclers, collection, n: int) -> None:
    op = services.Operator.refurbisher(t.seller)
    start = (t.paid_at or t.received_at) + timedelta(hours=2)
    if stale:  # started, then forgotten: the inventory flags it
        if plan == Route.REFURBISH:
            services.start_refurbishing(op=op, ref=t.ref, technician="Bench 2", at=start)
        return
    if plan != t.route.route:
        recycler = recyclers.get(t.market_id) or next(iter(recyclers.values()))
        routing.override(
            op=tradein_access.Operator.refurbisher(t.seller),
            ref=t.ref,
            route=plan,
            reason=WHY[plan],
            recycler=recycler.name if plan == Route.RECYCLE else "",
            at=start,
        )
    if age < 3:
        return  # just arrived: waiting for the bench
    step = start + timedelta(days=1)
    if plan == Route.HARVEST:
        services.harvest(
            op=op, ref=t.ref, part_types=["screen", "battery"], notes=WHY[Route.HARVEST], at=step
        )
    elif plan == Route.UPCYCLE:
        services.upcycle(
            op=op,
            ref=t.ref,
            collection_id=collection.pk,
            at=step,
            note=f"Belt no. {n + 1} of the Buckle Up collection",
        )
    elif plan == Route.RECYCLE:
        recycler = recyclers.get(t.market_id) or next(iter(recyclers.values()))
        weight = DeviceRoute.objects.get(tradein=t).weight_grams or t.product.weight_grams or 200
        services.hand_to_recycler(op=op, ref=t.ref, recycler_id=recycler.pk, weight_grams=weight, at=step)
        if age > 10:
            services.confirm_recycled(
                op=op, ref=t.ref, certificate_ref=f"COT-{t.ref}", at=step + timedelta(days=6)
            )
    elif plan == Route.REFURBISH:
        _refurbish(ctx, op, t, step, age=age, n=n)
    elif plan == Route.RESELL:
        _list(op, t, step, grade="excellent", battery=ctx.rng.randrange(88, 97))


def _refurbish(ctx, op, t: TradeIn, at, *, age: int, n: int) -> None:
    services.start_refurbishing(op=op, ref=t.ref, technician="Bench 1", at=at)
    operations = ["Full diagnostic", "Deep clean", "Cosmetic polish"]
    fits = parts.available(seller=t.seller, product=t.product)
    if fits:
        try:
            services.fit_part(op=op, ref=t.ref, part_id=fits[0].part.pk, at=at + timedelta(hours=3))
            operations.insert(1, f"Replaced: {fits[0].part.name}")
        except Problem:  # stocked at another of its locations: the job goes on without it
            pass
    if age < 6:
        return  # on the bench
    battery = ctx.rng.randrange(86, 100)
    done = at + timedelta(days=2)
    services.finish_refurbishing(
        op=op,
        ref=t.ref,
        at=done,
        result=services.Refurbishment(
            grade=GRADES[n % len(GRADES)], battery_health=battery, operations=operations, technician="Bench 1"
        ),
    )
    if age >= 10:
        _list(op, t, done + timedelta(hours=4))


def _list(op, t: TradeIn, at, *, grade: str = "", battery: int | None = None) -> None:
    """Listed where the shop sells: the trade-in's market, else its first, priced at that market's cheapest
    offer for the model (or, in the trade-in's own market without offers, about twice the price paid)."""
    market = (
        t.market_id if t.market_id in (t.seller.markets or []) else (t.seller.markets or [t.market_id])[0]
    )
    cheapest = Offer.objects.filter(variant__product_id=t.product_id, market_id=market).aggregate(
        p=Min("price_amount")
    )["p"]
    if cheapest is None and market != t.market_id:
        return  # no price to go by: it waits for the refurbisher's pricing
    price = cheapest or (t.final_amount or t.quoted_amount) * 19 // 10
    if t.product.category.battery_floor is None:
        battery = None
    services.list_for_sale(
        op=op,
        ref=t.ref,
        at=at,
        terms=services.ListingTerms(price=price, grade=grade, battery_health=battery, market=market),
    )
