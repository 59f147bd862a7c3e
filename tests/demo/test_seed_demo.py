"""`comeback seed-demo` and `comeback demo-logins` (demo data; docs/design.md §4).

The demo is seeded once for the module inside a transaction that is rolled back at the end, so the
other test modules never see it; each test runs in its own savepoint on top.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import types
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from stdnum import ean
from stdnum.de import vat as de_vat
from stdnum.fr import tva as fr_tva
from stdnum.gb import vat as gb_vat
from stdnum.jp import cn as jp_cn
from stdnum.us import ein as us_ein

from comeback.accounts.models import User
from comeback.catalog.models import Category, ProductImage, ProductModel, Variant
from comeback.catalog.services import validate_attributes
from comeback.core import clock
from comeback.core.models import Market
from comeback.demo import seeding as demo
from comeback.offers.models import PREMIUM_BATTERY_MIN, Grade, Offer, OfferPhoto, OfferStatus
from comeback.offers.selectors import visible_offers
from comeback.sellers.models import Seller, SellerStatus

DEMO = f"@{demo.DEMO_DOMAIN}"
LOGINS = [
    "staff",
    "buyer",
    *(f"seller{i}" for i in range(1, 9)),
    "applicant",
    "probation",
    "review",
    "suspended",
    "removed",
]


@pytest.fixture(autouse=True)
def _production_hasher(settings):
    # The demo hashes with argon2; with a faster test hasher first, logging in would re-hash the password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


SEEDING: dict = {}  # when the module's seeding ran: dates it derives from "now" fall inside


def seeded_ago(moment, days: int) -> bool:
    return SEEDING["started"] - timedelta(days=days) <= moment <= SEEDING["ended"] - timedelta(days=days)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once; roll everything back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            SEEDING["started"] = clock.now()
            call_command("seed_demo", verbosity=1, stdout=out, stderr=StringIO())
            SEEDING["ended"] = clock.now()
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fingerprint() -> list[tuple]:
    """Everything that must come out the same on every run (ids and timestamps aside)."""
    return sorted(
        Offer.objects.filter(seller__user__email__endswith=DEMO).values_list(
            "variant__sku",
            "market_id",
            "grade",
            "seller__user__email",
            "price_amount",
            "currency",
            "quantity",
            "battery_health_min",
            "warranty_months",
            "handling_days",
            "status",
        )
    )


def test_given_a_fresh_database_when_seeding_the_demo_then_the_catalogue_spans_tech_and_apparel(seeded, db):
    products = ProductModel.objects.filter(slug__in=demo.demo_product_slugs()).select_related("category")
    assert products.count() >= 60
    categories = {p.category for p in products}
    assert len(categories) >= 7
    apparel = [c for c in categories if c.kind == "apparel"]
    assert apparel and all(c.battery_floor is None for c in apparel)
    floors = {c.slug: c.battery_floor for c in Category.objects.all()}
    assert floors["smartphones"] == 80 and floors["laptops"] == 85 and floors["cases"] is None

    for product in products.prefetch_related("variants"):
        category = product.category
        assert category.attribute_schema["additionalProperties"] is False
        assert validate_attributes(category.attribute_schema, product.attributes) == [], product
        assert (
            product.release_date is None
            or product.end_of_placement is None
            or (product.release_date <= product.end_of_placement)
        )
        assert product.origin and product.weight_grams and product.variants.all()
        assert sum(m["percent"] for m in product.materials) == 100, product
        for variant in product.variants.all():
            assert validate_attributes(category.variant_schema, variant.attributes, field="variant") == []
    skus = list(Variant.objects.filter(product__in=products).values_list("sku", flat=True))
    assert len(skus) == len(set(skus))
    case = ProductModel.objects.get(slug="apple-iphone-13-silicone-case-with-magsafe")
    assert [p.name for p in case.compatible_with.all()] == ["iPhone 13"]
    assert "Demo data ready" in seeded


def test_given_the_demo_then_every_variant_has_its_own_valid_gtin_under_our_prefix(seeded, db, client):
    """GS1: one GTIN per trade item, so per variant (storage × colour); cases show one GTIN per model."""
    rows = Variant.objects.filter(product__slug__in=demo.demo_product_slugs()).select_related(
        "product__category"
    )
    own = [v.gtin for v in rows if v.product.category.slug not in demo.MODEL_GTIN_CATEGORIES]
    assert own and all(g and ean.is_valid(g) and g.startswith("0" + "0614141") for g in own)
    assert len(own) == len(set(own))
    shared = [v for v in rows if v.product.category.slug in demo.MODEL_GTIN_CATEGORIES]
    assert shared and all(v.gtin is None and ean.is_valid(v.product.gtin) for v in shared)
    pro = (
        ProductModel.objects.filter(name="iPhone 14 Pro").first()
        or ProductModel.objects.filter(category__slug="smartphones").first()
    )
    body = client.get(f"/api/v1/products/{pro.pk}").json()
    gtins = [v["gtin"] for v in body["variants"]]
    assert len(gtins) > 1 and len(set(gtins)) == len(gtins) and all(gtins)


def test_given_the_demo_when_logging_in_with_the_demo_password_then_every_login_works(seeded, db):
    users = {u.email: u for u in User.objects.filter(email__endswith=DEMO)}
    assert {f"{login}{DEMO}" for login in LOGINS} <= set(users)
    staff = authenticate(username=f"staff{DEMO}", password=demo.PASSWORD)
    assert staff is not None and staff.is_staff and staff.is_superuser
    assert authenticate(username=f"staff{DEMO}", password="wrong") is None
    # One argon2 check is enough: every demo user shares the one hash of the same password.
    assert {u.password for u in users.values()} == {staff.password}
    assert all(u.is_active for u in users.values())


def test_given_the_demo_when_listing_sellers_then_every_trust_state_is_there(seeded, db):
    sellers = {
        s.user.email.split("@")[0]: s
        for s in Seller.objects.filter(user__email__endswith=DEMO).select_related("user")
    }
    assert {sellers[f"seller{i}"].status for i in range(1, 9)} == {SellerStatus.FULL}
    assert sellers["applicant"].status == SellerStatus.APPLIED and not sellers["applicant"].offers.exists()
    assert sellers["probation"].status == SellerStatus.PROBATION
    assert seeded_ago(sellers["probation"].probation_started_at, 3)
    assert sellers["probation"].offers.exists()
    assert sellers["review"].status == SellerStatus.PROBATION and sellers["review"].offers.exists()
    assert seeded_ago(sellers["review"].probation_started_at, 41)
    assert sellers["suspended"].status == SellerStatus.SUSPENDED
    assert sellers["removed"].status == SellerStatus.REMOVED
    assert set(sellers["removed"].offers.values_list("status", flat=True)) == {OfferStatus.WITHDRAWN}

    full = [sellers[f"seller{i}"] for i in range(1, 9)]
    assert {s.country for s in full} == {"FR", "DE", "GB", "US", "JP"}
    assert len({round(s.rating_avg, 1) for s in full}) >= 5  # varied, so the ranking matters
    validators = {
        "FR": fr_tva.is_valid,
        "DE": de_vat.is_valid,
        "GB": gb_vat.is_valid,
        "JP": lambda v: v.startswith("T") and jp_cn.is_valid(v[1:]),
    }
    for s in sellers.values():
        assert s.legal_name and s.company_registration and s.address and s.markets
        if s.country == "US":
            assert us_ein.is_valid(s.company_registration.removeprefix("EIN ")) and s.vat_number == ""
        else:
            assert validators[s.country](s.vat_number), s.vat_number
    # A probation seller never published more than 5 listings on one day (docs/design.md §2 Probation).
    for login in ("probation", "review"):
        per_day = Counter(o.published_at.date() for o in sellers[login].offers.all())
        assert max(per_day.values()) <= 5


def test_given_the_demo_when_checking_every_offer_then_each_follows_the_offer_rules(seeded, db):
    offers = list(
        Offer.objects.filter(seller__user__email__endswith=DEMO).select_related(
            "variant__product__category", "market"
        )
    )
    assert 1500 <= len(offers) <= 4000
    assert {o.grade for o in offers} == set(Grade.values)
    assert {o.market_id for o in offers} == set(Market.objects.values_list("code", flat=True))
    for o in offers:
        floor = o.variant.product.category.battery_floor
        assert o.currency == o.market.currency, o
        assert o.price_amount > 0 and 0 <= o.quantity <= 25
        assert o.warranty_months >= max(12, o.market.commercial_warranty_min_months)
        assert 1 <= o.handling_days <= 3
        if floor is None:
            assert o.battery_health_min is None, o
        else:
            assert floor <= o.battery_health_min <= 100, o
            if o.grade == Grade.PREMIUM:
                assert o.battery_health_min >= PREMIUM_BATTERY_MIN, o
        if o.currency == "JPY":
            assert o.price_amount % 100 == 0
        else:
            assert o.price_amount % 100 in (0, 90, 99)
    assert any(o.quantity == 0 for o in offers)  # a few are sold out


def test_given_the_demo_when_viewing_a_best_seller_then_several_sellers_compete_per_slot(seeded, db):
    variant = Variant.objects.filter(product__slug="apple-iphone-13").order_by("id").first()
    for market in ("FR", "DE", "GB", "US", "JP"):
        for grade in (Grade.EXCELLENT, Grade.GOOD):
            slot = visible_offers(market).filter(
                variant=variant, grade=grade, seller__user__email__endswith=DEMO
            )
            assert slot.values("seller").distinct().count() >= 3, (market, grade)
    good_fr = (
        visible_offers("FR").filter(variant=variant, grade=Grade.GOOD).values_list("price_amount", flat=True)
    )
    assert all(30_000 <= p <= 45_000 for p in good_fr)  # ≈ €389 (docs/design.md brief)


def drawings() -> list[tuple]:
    """The demo's drawing of each model and colour: the same pixels, so the same stored names, every run."""
    return sorted(
        ProductImage.objects.filter(product__slug__in=demo.demo_product_slugs()).values_list(
            "product__slug", "colour", "illustration", "sha256", "files"
        )
    )


def test_given_the_demo_then_every_model_has_a_drawing_of_each_colour_and_phones_and_garments_unit_photos(
    seeded, db
):
    colours = {
        (slug, (attributes or {}).get("colour") or "")
        for slug, attributes in Variant.objects.filter(
            product__slug__in=demo.demo_product_slugs()
        ).values_list("product__slug", "attributes")
    }
    drawn = {(slug, colour) for slug, colour, illustration, *_ in drawings() if illustration}
    assert drawn == colours
    shown = set(
        OfferPhoto.objects.filter(offer__seller__user__email__endswith=DEMO).values_list(
            "offer__variant__product__category__kind", "offer__variant__product_id"
        )
    )
    with_photos = Counter(kind for kind, _product in shown)
    assert with_photos["device"] >= 3 and with_photos["apparel"] >= 3


def test_given_seeded_demo_data_when_seeding_again_then_the_same_data_comes_back(seeded, db):
    before = fingerprint()
    drawn_before = drawings()
    users_before = User.objects.filter(email__endswith=DEMO).count()
    all_users_before = User.objects.count()
    call_command("seed_demo", verbosity=0)
    assert User.objects.count() == all_users_before
    assert fingerprint() == before
    assert drawings() == drawn_before and drawn_before
    assert User.objects.filter(email__endswith=DEMO).count() == users_before
    assert ProductModel.objects.filter(slug__in=demo.demo_product_slugs()).count() == len(
        demo.catalog.PRODUCTS
    )


def test_given_the_demo_when_printing_the_logins_then_every_login_and_the_password_are_listed(seeded, db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert demo.PASSWORD in text
    for login in LOGINS:
        assert f"{login}{DEMO}" in text
    assert "probation, 41 days in" in text


def test_given_no_demo_when_printing_the_logins_then_it_says_to_seed_first(db):
    demo.purge_demo_data()  # the module's seed, if any, comes back when this test's savepoint rolls back
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed-demo" in out.getvalue()


def test_given_an_app_with_a_demo_module_when_running_hooks_then_it_gets_the_context(db, monkeypatch):
    calls = []
    module = types.ModuleType("comeback.fakeapp.demo")
    module.__spec__ = importlib.util.spec_from_loader("comeback.fakeapp.demo", loader=None)
    module.seed_demo = calls.append
    monkeypatch.setitem(sys.modules, "comeback.fakeapp.demo", module)
    monkeypatch.setattr(demo, "HOOK_APPS", ("nosuchapp", "fakeapp"))
    ctx = demo.DemoContext(rng=random.Random(1), now=clock.now(), password=demo.PASSWORD, show_progress=False)
    assert demo.run_hooks(ctx) == ["fakeapp"]
    assert calls == [ctx]
    assert list(ctx.progress([1, 2], desc="x")) == [1, 2]


def test_given_the_demo_then_every_sellers_rating_is_its_review_rows(seeded, db):
    # given: the demo's sellers
    from django.db.models import Count, Sum

    from comeback.orders.models import Review

    sellers = Seller.objects.filter(user__email__endswith=DEMO)
    rows = {
        r["seller_id"]: (r["total"], r["n"])
        for r in Review.objects.filter(seller__in=sellers)
        .values("seller_id")
        .annotate(total=Sum("stars"), n=Count("id"))
    }

    # then: the stars shown beside a seller are exactly its reviews, so none sits beside "No review yet"
    for seller in sellers:
        assert (seller.rating_sum, seller.rating_count) == rows.get(seller.pk, (0, 0)), seller
    full = sellers.filter(status=SellerStatus.FULL)
    assert all(s.rating_count >= 5 for s in full)
    assert len({round(s.rating_avg, 1) for s in full}) >= 5
