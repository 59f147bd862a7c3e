"""Demo data of trade-in, run by `comeback seed-demo` after the catalogue, sellers and offers exist.

- Buyback offers from the demo refurbishers for popular models, in every market and condition tier, priced
  from the model's resale price (a refurbisher pays about half of what a good refurbished unit sells for).
- A console maker's official programme, "NovaPlay" (a fictional brand), with its landing page
  /partners/novaplay/trade-in, a 10% bonus it funds, and the consoles as eligible models.
- A retail network, "Relay Mobile" (fictional), with six stores across the markets, paid trade-ins at its
  counters over the past weeks (for its dashboard's chart) and a 3% commission (4% at its flagship).
- Partner logins: partner@ (Relay headquarters), store@ (Relay's Paris store), brand@ (NovaPlay).
- buyer@'s trade-ins in every interesting state: quoted, awaiting shipment, shipped, received, counter-offered
  (with an evidence photo), paid (with its wipe certificate).
- A blocked IMEI on the local block list (docs/trade-in.md lists it).
- A garment take-back programme, "Loomwear" (a fictional clothing brand), at /partners/loomwear/trade-in:
  the demo garments (categories asking the garment questionnaire) bought back in France and Germany by two
  resellers, and a 15% bonus the brand funds on top; paid in money, like devices (docs/fashion.md).

Everything goes through the services (at past times), so every rule holds. Deterministic given ctx.rng
apart from the random public references.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Min
from stdnum import luhn

from comeback.catalog.models import ProductModel, TradeInQuestionnaire
from comeback.core import markets
from comeback.core.money import minor_units
from comeback.core.problems import Problem
from comeback.offers.models import Offer

from . import conditions, selectors
from .models import (
    BlockedDevice,
    BuybackOffer,
    Partner,
    PartnerKind,
    PartnerMember,
    Store,
    Tier,
    TradeIn,
    Verification,
)
from .services import access, inspection, orders, partners, payouts, quotes

BUYER = "buyer@demo.comeback.test"
PARTNER_HQ = "partner@demo.comeback.test"
STORE_STAFF = "store@demo.comeback.test"
BRAND_HQ = "brand@demo.comeback.test"
BLOCKED_IMEI = "356938035643809"  # on the demo block list: accepting it is refused
# What a refurbisher pays, as a share of a good refurbished unit's price, per condition tier.
TIER_SHARE = {Tier.FLAWLESS: 0.58, Tier.GOOD: 0.50, Tier.USED: 0.38, Tier.BROKEN: 0.14}
TRADEIN_CATEGORIES = (
    "smartphones",
    "tablets",
    "handheld-consoles",
    "home-consoles",
    "laptops",
    "smartwatches",
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
STORES = [  # code, name, address, postal code, city, market, latitude, longitude, commission override
    (
        "PAR-RIV",
        "Relay Paris Rivoli",
        "120 rue de Rivoli",
        "75001",
        "Paris",
        "FR",
        "48.860700",
        "2.344200",
        400,
    ),
    (
        "LYS-PDI",
        "Relay Lyon Part-Dieu",
        "17 rue du Docteur Bouchut",
        "69003",
        "Lyon",
        "FR",
        "45.761000",
        "4.856000",
        None,
    ),
    (
        "BER-ALX",
        "Relay Berlin Alexanderplatz",
        "Alexanderplatz 9",
        "10178",
        "Berlin",
        "DE",
        "52.521900",
        "13.413200",
        None,
    ),
    (
        "LON-OXF",
        "Relay London Oxford Street",
        "300 Oxford Street",
        "W1C 1DX",
        "London",
        "GB",
        "51.515000",
        "-0.145000",
        None,
    ),
    (
        "NYC-5AV",
        "Relay New York Fifth Avenue",
        "500 Fifth Avenue",
        "10110",
        "New York",
        "US",
        "40.753600",
        "-73.981600",
        None,
    ),
    (
        "TYO-SBY",
        "Relay Tokyo Shibuya",
        "2-24-1 Shibuya",
        "150-0002",
        "Tokyo",
        "JP",
        "35.658000",
        "139.701600",
        None,
    ),
]


def seed_demo(ctx) -> None:
    BlockedDevice.objects.update_or_create(
        identifier=BLOCKED_IMEI,
        defaults={"reason": "reported stolen (demo)", "source": "local", "added_at": ctx.now},
    )
    buyers = _buyback_offers(ctx)
    if not buyers:
        return
    brand, retail = _partners(ctx)
    _garment_takeback(ctx, buyers)
    _members(ctx, brand, retail)
    _counter_history(ctx, retail)
    _customer_tradeins(ctx, brand)


def _imei(ctx) -> str:
    body = f"35{ctx.rng.randrange(10**12):012d}"
    return body + luhn.calc_check_digit(body)


def _round(amount: float, currency: str) -> int:
    """Whole units (EUR 123.00 → 12300; JPY to the hundred) so buyback prices read like real ones."""
    if minor_units(currency) == 0:
        return max(100, int(round(amount / 100) * 100))
    unit = 10 ** minor_units(currency)
    return max(unit, int(round(amount / unit)) * unit)


def _buyback_offers(ctx) -> list:
    """Every selling refurbisher buys some popular models in some markets; the leaders are bought by 3."""
    buyers = [
        s for s in sorted(ctx.sellers.values(), key=lambda s: s.pk) if s.status in ("full", "probation")
    ]
    if not buyers:
        return []
    resale = {}
    for pid, market, currency, price in (
        Offer.objects.filter(variant__product__in=ctx.products, grade="good")
        .values("variant__product_id", "market_id", "currency")
        .annotate(p=Min("price_amount"))
        .values_list("variant__product_id", "market_id", "currency", "p")
    ):
        resale[(pid, market)] = (price, currency)
    products = [p for p in ctx.products if p.category.slug in TRADEIN_CATEGORIES]
    rows = []
    for product in ctx.progress(products, "Trade-in buyback offers"):
        storages = selectors.storage_options(product)[:2] or [0]
        for market in markets.all_markets():
            if (product.pk, market.code) not in resale:
                continue
            price, currency = resale[(product.pk, market.code)]
            # Only refurbishers approved for the market buy back there.
            local = [s for s in buyers if market.code in (s.markets or [])]
            chosen = ctx.rng.sample(local, k=min(len(local), ctx.rng.choice((2, 3))))
            for seller in chosen:
                jitter = ctx.rng.uniform(0.9, 1.06)
                for storage in storages:
                    bump = 1.0 + 0.08 * storages.index(storage)
                    for tier, share in TIER_SHARE.items():
                        rows.append(
                            BuybackOffer(
                                seller=seller,
                                product=product,
                                storage_gb=storage,
                                market=market,
                                tier=tier,
                                price_amount=_round(price * share * jitter * bump, currency),
                                currency=currency,
                                weekly_capacity=ctx.rng.choice((20, 50, 100, 250)),
                                created_at=ctx.now - timedelta(days=60),
                                updated_at=ctx.now - timedelta(days=ctx.rng.randrange(1, 30)),
                            )
                        )
    BuybackOffer.objects.bulk_create(rows, batch_size=2000)
    return buyers


def _partners(ctx) -> tuple[Partner, Partner]:
    consoles = [p for p in ctx.products if p.category.slug in ("home-consoles", "handheld-consoles")]
    brand, _ = Partner.objects.update_or_create(
        slug="novaplay",
        defaults={
            "name": "NovaPlay",
            "kind": PartnerKind.BRAND,
            "logo_text": "NOVAPLAY",
            "tagline": "Trade in your console, level up to the next one.",
            "colour_primary": "#33206e",
            "colour_on_primary": "#ffffff",
            "bonus_bps": 1000,
            "commission_bps": 0,
            "is_active": True,
            "created_at": ctx.now - timedelta(days=120),
        },
    )
    brand.eligible_models.set(consoles)
    retail, _ = Partner.objects.update_or_create(
        slug="relay-mobile",
        defaults={
            "name": "Relay Mobile",
            "kind": PartnerKind.RETAIL,
            "logo_text": "RELAY",
            "tagline": "Trade in at the counter, paid on the spot.",
            "colour_primary": "#0b4f8a",
            "colour_on_primary": "#ffffff",
            "bonus_bps": 0,
            "commission_bps": 300,
            "is_active": True,
            "created_at": ctx.now - timedelta(days=200),
        },
    )
    retail.eligible_models.clear()
    for code, name, address, postal, city, market, lat, lon, commission in STORES:
        Store.objects.update_or_create(
            partner=retail,
            code=code,
            defaults={
                "name": name,
                "address": address,
                "postal_code": postal,
                "city": city,
                "market_id": market,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "commission_bps": commission,
                "is_active": True,
            },
        )
    return brand, retail


# What a reseller pays for a garment, per tier, when no resale price is known yet (euros): second-hand
# garments buy back for a few euros to a few tens of euros.
GARMENT_PRICES = {Tier.FLAWLESS: 2400, Tier.GOOD: 1500, Tier.USED: 600, Tier.BROKEN: 100}
GARMENT_MARKETS = ("FR", "DE")


def _garment_takeback(ctx, buyers) -> Partner | None:
    """The Loomwear take-back programme over the catalogue's garments (none yet: nothing to take back)."""
    garments = list(
        ProductModel.objects.filter(category__tradein_questionnaire=TradeInQuestionnaire.GARMENT).order_by(
            "pk"
        )
    )
    if not garments:
        return None
    programme, _ = Partner.objects.update_or_create(
        slug="loomwear",
        defaults={
            "name": "Loomwear",
            "kind": PartnerKind.BRAND,
            "logo_text": "LOOMWEAR",
            "tagline": "Bring back the clothes you no longer wear: paid in money, worn again.",
            "colour_primary": "#6b2d1f",
            "colour_on_primary": "#fff8f0",
            "bonus_bps": 1500,
            "commission_bps": 0,
            "is_active": True,
            "created_at": ctx.now - timedelta(days=45),
        },
    )
    programme.eligible_models.set(garments)
    rows = []
    for code in GARMENT_MARKETS:
        local = [s for s in buyers if code in (s.markets or [])][:2]
        for n, seller in enumerate(local):
            for product in garments:
                for tier, price in GARMENT_PRICES.items():
                    rows.append(
                        BuybackOffer(
                            seller=seller,
                            product=product,
                            storage_gb=0,
                            market_id=code,
                            tier=tier,
                            price_amount=price * (10 - n) // 10,  # the second reseller pays 10% less
                            currency="EUR",
                            weekly_capacity=ctx.rng.choice((30, 60, 120)),
                            created_at=ctx.now - timedelta(days=40),
                            updated_at=ctx.now - timedelta(days=ctx.rng.randrange(1, 20)),
                        )
                    )
    BuybackOffer.objects.bulk_create(rows, batch_size=2000)
    return programme


def _members(ctx, brand: Partner, retail: Partner) -> None:
    from comeback.accounts.models import User

    # Every demo login shares the one hash of the demo password (argon2 is slow on purpose: hash once).
    hashed = ctx.users[BUYER].password if BUYER in ctx.users else make_password(ctx.password)
    paris = Store.objects.get(partner=retail, code="PAR-RIV")
    for login, name, partner, store in (
        (PARTNER_HQ, "Rita Relay", retail, None),
        (STORE_STAFF, "Sam Store", retail, paris),
        (BRAND_HQ, "Nora NovaPlay", brand, None),
    ):
        user = User.objects.create(
            email=login,
            name=name,
            password=hashed,
            preferred_market="FR",
            date_joined=ctx.now - timedelta(days=100),
        )
        ctx.users[login] = user
        PartnerMember.objects.create(
            user=user, partner=partner, store=store, created_at=ctx.now - timedelta(days=90)
        )


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


def describe_login(user) -> tuple[str, str] | None:
    """Role and what to try for the partner logins in `comeback demo-logins`."""
    from django.utils.translation import gettext as _

    return {
        PARTNER_HQ: (
            _("partner · retail network HQ"),
            _("Partner dashboard: every store's trade-ins, commission"),
        ),
        STORE_STAFF: (
            _("partner · store counter"),
            _("Store counter: questionnaire, inspect and pay on the spot"),
        ),
        BRAND_HQ: (_("partner · brand programme"), _("Brand trade-in landing page and dashboard")),
    }.get(user.email)
