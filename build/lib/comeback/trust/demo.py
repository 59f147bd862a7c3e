"""Demo data of trust, run by `comeback seed-demo` after sellers, offers and orders (docs/trust.md).

What the demo shows of it: the statements of reasons of the suspended and the removed demo sellers (the
suspended one contested, waiting for staff on /staff/trust/), a report on a listing in staff's queue, and a
mystery order bought 12 days ago, shipped by its seller and inspected as described. Through the services,
with past timestamps; deterministic (ctx.now and ctx.rng only).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _

from comeback.offers.models import OfferStatus
from comeback.orders.demo import ADDRESS
from comeback.orders.payments.testing import CARD_SUCCEEDS
from comeback.orders.services import fulfilment
from comeback.sellers.models import SellerDecision, SellerStatus

from . import mystery, reports, statements
from .handlers import on_seller_decision
from .models import Statement

STAFF_LOGIN = "staff@demo.comeback.test"
DEMO_BUYER = "buyer@demo.comeback.test"
AUTHENTICATOR_LOGIN = "authenticator@demo.comeback.test"


def seed_demo(ctx) -> None:
    staff = ctx.users.get(STAFF_LOGIN)
    if staff is None:
        return
    _statements(ctx)
    _report(ctx)
    _mystery_order(ctx, staff)
    _authenticator(ctx)
    _authentications(ctx)


def _authenticator(ctx) -> None:
    """An authenticator login: the desk at /authenticator/ (docs/trust.md §5)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from comeback.accounts.models import User
    from comeback.offers.authentication import AUTHENTICATORS

    user = User.objects.create(
        email=AUTHENTICATOR_LOGIN,
        name="Camille Roux",
        # argon2 is slow on purpose: share the demo's one hash of the demo password
        password=next(iter(ctx.users.values())).password if ctx.users else make_password(ctx.password),
        preferred_market="FR",
        date_joined=ctx.now - timedelta(days=400),
    )
    user.groups.add(Group.objects.get_or_create(name=AUTHENTICATORS)[0])
    ctx.users[user.email] = user


def describe_login(user) -> tuple[str, str] | None:
    if user.email != AUTHENTICATOR_LOGIN:
        return None
    return _("authenticator"), _(
        "Authenticate bags, sneakers and watches above their threshold: /authenticator/"
    )


def _statements(ctx) -> None:
    """The demo's decisions are written in bulk (no outbox): issue their statements as the handler would."""
    ids = [s.pk for s in ctx.sellers.values()]
    for d in SellerDecision.objects.filter(seller_id__in=ids, kind__in=("suspend", "remove", "reject")):
        on_seller_decision(0, {"decision_id": d.pk, "kind": d.kind})
    suspended = Statement.objects.filter(
        seller_id__in=ids, kind="seller_suspended", seller__status=SellerStatus.SUSPENDED
    ).first()
    if suspended is not None:
        statements.contest(
            seller=suspended.seller,
            statement_id=suspended.pk,
            text="The defective units came from one faulty battery batch; we replaced the supplier and "
            "re-tested every unit in stock. Test reports are available on request.",
            by=suspended.seller.user,
            at=suspended.issued_at + timedelta(days=1),
        )


def _live_offers(ctx) -> list:
    full = {s.pk for s in ctx.sellers.values() if s.status == SellerStatus.FULL}
    return sorted(
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


def _report(ctx) -> None:
    offers = _live_offers(ctx)
    if not offers:
        return
    offer = offers[-1]
    reports.file(
        offer_id=offer.pk,
        reason="misleading",
        details="The photos show a different colour from the one in the title; please check the listing.",
        reporter=ctx.users.get(DEMO_BUYER),
        at=ctx.now - timedelta(days=1),
    )


def _mystery_order(ctx, staff) -> None:
    devices = [o for o in _live_offers(ctx) if o.variant.product.category.battery_floor]
    if not devices:
        return
    offer = ctx.rng.choice(devices[len(devices) // 2 :])
    placed = ctx.now - timedelta(days=12)
    order = mystery.place(
        staff=staff, offer_id=offer.pk, shipping_address=ADDRESS, payment_method=CARD_SUCCEEDS, at=placed
    )
    line = order.line
    fulfilment.accept_line(seller=line.seller, line_id=line.pk, at=placed + timedelta(hours=5))
    fulfilment.ship_line(
        seller=line.seller,
        line_id=line.pk,
        tracking_number=f"6A{ctx.rng.randint(10**10, 10**11 - 1)}",
        carrier="Colissimo",
        imei=_imei(ctx),
        at=placed + timedelta(days=1),
    )
    promised = offer.battery_health_min or 80
    mystery.inspect(
        mystery_id=order.pk,
        staff=staff,
        inspection=mystery.Inspection(
            grade_as_described=True,
            battery_health=min(100, promised + 4),
            wiped=True,
            accessories_ok=True,
            packaging_ok=True,
            notes="Arrived in 2 days, well packed; cosmetic wear matches the grade; no account left on it.",
        ),
        at=placed + timedelta(days=3),
    )


def _imei(ctx) -> str:
    from stdnum import luhn

    body = "35" + "".join(str(ctx.rng.randint(0, 9)) for _ in range(12))
    return body + luhn.calc_check_digit(body)


def _authentications(ctx) -> None:
    """Where the catalogue has categories with an authentication threshold (bags, shoes, watches…), one
    listing above it waits on the authenticator's desk and another is live with its badge."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from comeback.core.problems import Problem
    from comeback.offers import authentication
    from comeback.offers import services as offer_services
    from comeback.offers.models import AuthenticationThreshold

    eur = {t.category_slug: t for t in AuthenticationThreshold.objects.filter(currency="EUR")}
    full = [s for s in ctx.sellers.values() if s.status == SellerStatus.FULL and "FR" in (s.markets or [])]
    user = ctx.users.get(AUTHENTICATOR_LOGIN)
    if not eur or not full or user is None:
        return
    made = []
    for product in ctx.products:
        slugs = authentication.category_slugs(product.category)
        threshold = next((eur[s] for s in slugs if s in eur), None)
        if threshold is None or len(made) >= 2:
            continue
        variant = product.variants.order_by("id").first()
        grade = product.category.conditions.codes[0]
        price = threshold.min_price_amount * 13 // 10 // 100 * 100
        for seller in full:
            try:
                offer = offer_services.publish_listing(
                    seller=seller,
                    draft=offer_services.ListingDraft(
                        variant_id=variant.pk,
                        market="FR",
                        grade=grade,
                        price=price,
                        currency="EUR",
                        quantity=1,
                    ),
                    at=ctx.now - timedelta(days=2),
                )
            except Problem:
                continue
            made.append(offer)
            break
    if len(made) == 2:  # the second is authenticated: its badge shows on the product page
        row = made[1].authentication
        authentication.add_evidence(
            authentication_id=row.pk,
            files=[SimpleUploadedFile("evidence.png", _evidence_png(ctx), content_type="image/png")],
            by=user,
            at=ctx.now - timedelta(days=1),
        )
        authentication.decide(
            authentication_id=row.pk,
            result="authenticated",
            reasons="Stitching, hardware engravings and the date code match the maker's; materials as described.",
            checked=["stitching", "hardware", "date code", "materials"],
            by=user,
            at=ctx.now - timedelta(days=1),
        )


def _evidence_png(ctx) -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (236, 230, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 440, 280), outline=(90, 70, 50), width=4)
    draw.text((60, 60), "Demo evidence photo", fill=(60, 50, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
