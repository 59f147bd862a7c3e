"""Trade-in test data: device models, buyback offers, and trade-ins walked to any state through the services."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from comeback.core import clock
from comeback.tradein import selectors
from comeback.tradein.models import BuybackOffer, Partner, PartnerKind, Store, Verification
from comeback.tradein.services import access, inspection, orders, quotes
from tests.factories import (
    BrandFactory,
    CategoryFactory,
    ProductModelFactory,
    SellerFactory,
    UserFactory,
    VariantFactory,
)
from tests.images import PNG

VALID_IMEI = "490154203237518"
OTHER_IMEI = "356938035643809"
VALID_IBAN = "DE89370400440532013000"
ANSWERS = {
    "powers_on": True,
    "screen": "flawless",
    "body": "flawless",
    "functional": True,
    "accounts_removed": True,
}


_serial = itertools.count()


def phone(name: str = "Phone X", storages=(128, 256), **attrs):
    """A smartphone model: a screen, a cellular network (so an IMEI), variants in `storages` GB."""
    product = ProductModelFactory(
        name=name,
        slug=f"acme-phone-{next(_serial)}",
        brand=BrandFactory(name="Acme", slug="acme"),
        category=CategoryFactory(slug="smartphones"),
        attributes={"screen_inches": 6.1, "network": "5G", **attrs},
        weight_grams=170,
    )
    for s in storages:
        VariantFactory(
            product=product, attributes={"storage_gb": s, "colour": "Black"}, label=f"{s} GB · Black"
        )
    return product


def console(name: str = "Console Z"):
    """A home console: no screen, no IMEI (a serial number), no storage choice."""
    cat = CategoryFactory(slug="home-consoles", name="Home consoles", battery_floor=None)
    product = ProductModelFactory(
        name=name,
        slug=f"nova-console-{next(_serial)}",
        brand=BrandFactory(name="Nova", slug="nova"),
        category=cat,
        attributes={"chipset": "X"},
        weight_grams=4000,
    )
    VariantFactory(product=product, attributes={"colour": "White"}, label="White")
    return product


GARMENT_ANSWERS = {
    "condition": "like_new",
    "stains": "none",
    "holes": "none",
    "pilling": "none",
    "size": "M",
    "brand_label": True,
}


def garment(name: str = "Wool jacket", sizes=("S", "M", "L"), slug: str = "jackets", weight_grams: int = 900):
    """A garment model: its category asks the garment questionnaire; no screen, no IMEI, no storage."""
    cat = CategoryFactory(
        slug=slug,
        name=slug.title(),
        kind="apparel",
        tradein_questionnaire="garment",
        battery_floor=None,
        illustration="generic",
        variant_schema={},
    )
    product = ProductModelFactory(
        name=name,
        slug=f"loom-{slug}-{next(_serial)}",
        brand=BrandFactory(name="Loom", slug="loom"),
        category=cat,
        attributes={},
        weight_grams=weight_grams,
    )
    for size in sizes:
        VariantFactory(product=product, attributes={"size": size, "colour": "Navy"}, label=f"{size} · Navy")
    return product


class BuybackOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuybackOffer

    seller = factory.SubFactory(SellerFactory)
    product = factory.LazyFunction(phone)
    storage_gb = 128
    market_id = "FR"
    tier = "flawless"
    price_amount = 30000
    currency = "EUR"
    weekly_capacity = 50
    status = "active"
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


def partner(kind: str = PartnerKind.RETAIL, slug: str = "relay", **kw) -> Partner:
    defaults = {"name": slug.title(), "kind": kind, "logo_text": slug.upper(), "created_at": clock.now()}
    defaults.update(kw)
    return Partner.objects.create(slug=slug, **defaults)


def store(p: Partner, code: str = "PAR-1", market: str = "FR", **kw) -> Store:
    defaults = {
        "name": f"Store {code}",
        "address": "1 rue de Rivoli",
        "postal_code": "75001",
        "city": "Paris",
        "latitude": "48.86",
        "longitude": "2.34",
    }
    defaults.update(kw)
    return Store.objects.create(partner=p, code=code, market_id=market, **defaults)


def payout_details(market: str = "FR", holder: str = "Ada Lovelace") -> dict:
    if market == "US":
        return {
            "method": "us_account",
            "account_holder": holder,
            "routing_number": "111000025",
            "account_number": "123456789",
        }
    if market == "JP":
        return {
            "method": "jp_account",
            "account_holder": holder,
            "bank_code": "0005",
            "branch_code": "001",
            "account_number": "1234567",
        }
    return {"method": "iban", "account_holder": holder, "iban": VALID_IBAN}


def acceptance(**overrides) -> orders.Acceptance:
    values = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "date_of_birth": "1990-05-01",
        "imei": VALID_IMEI,
        "payout": payout_details(),
        "address": "8 rue des Lilas, 75020 Paris",
    }
    values.update(overrides)
    return orders.Acceptance(**values)


def accept_body(**overrides) -> dict:
    body = {
        "identity": {"first_name": "Ada", "last_name": "Lovelace", "date_of_birth": "1990-05-01"},
        "device": {"imei": VALID_IMEI},
        "payout": payout_details(),
        "address": "8 rue des Lilas, 75020 Paris",
    }
    for key, value in overrides.items():
        body[key] = value
    return body


def wipe_draft(at: datetime | None = None, **overrides) -> inspection.WipeDraft:
    at = at or clock.now()
    values = {
        "method": "purge",
        "technique": "Cryptographic erase",
        "tool": "Blancco",
        "tool_version": "6.12",
        "operator_name": "Olive Operator",
        # at `at` itself: a wipe never starts before the device was received (tradein() receives at `at`)
        "started_at": at,
        "ended_at": at,
        "verification": Verification.PASSED,
        "verification_method": "read-back",
    }
    values.update(overrides)
    return inspection.WipeDraft(**values)


def photo(name: str = "crack.png", content: bytes = PNG, content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def tradein(
    state: str = "awaiting_shipment",
    *,
    offer: BuybackOffer | None = None,
    customer=None,
    answers=None,
    at: datetime | None = None,
    imei: str = VALID_IMEI,
):
    """A trade-in walked through the real services to `state`:
    awaiting_shipment, shipped, received, counter_offered, validated, ready (validated + lock + wipe), paid."""
    at = at or clock.now()
    offer = offer or BuybackOfferFactory()
    customer = customer or UserFactory()
    storage = offer.storage_gb or (selectors.storage_options(offer.product) or [0])[0]
    quote = quotes.request_quote(
        product_id=offer.product_id,
        storage_gb=storage,
        market=offer.market_id,
        answers=answers or ANSWERS,
        user=customer,
        at=at,
    )
    t = orders.accept_quote(ref=quote.ref, acceptance=acceptance(imei=imei), customer=customer, at=at)
    if state == "awaiting_shipment":
        return t
    t = orders.mark_shipped(user=customer, ref=t.ref, at=at)
    if state == "shipped":
        return t
    op = access.Operator.refurbisher(offer.seller)
    t = inspection.receive(op=op, ref=t.ref, at=at)
    if state == "received":
        return t
    if state == "counter_offered":
        return inspection.counter_offer(
            op=op,
            ref=t.ref,
            at=at,
            draft=inspection.CounterDraft(
                reason="screen_damage_undeclared", price=t.quoted_amount // 2, photos=[photo()]
            ),
        )
    t = inspection.validate(op=op, ref=t.ref, at=at)
    if state == "validated":
        return t
    inspection.confirm_lock_off(op=op, ref=t.ref, at=at)
    inspection.record_wipe(op=op, ref=t.ref, draft=wipe_draft(at), at=at)
    t.refresh_from_db()
    if state == "ready":
        return t
    from comeback.tradein.services import payouts

    payouts.pay(ref=t.ref, at=at)
    t.refresh_from_db()
    return t


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
