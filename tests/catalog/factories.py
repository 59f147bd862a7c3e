"""A small catalogue for the catalogue tests, built through the services so every rule and the index apply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from comeback.catalog import services
from comeback.catalog.models import Brand, Category, CategoryKind, ProductModel, Variant
from comeback.offers.models import Offer, OfferStatus
from comeback.sellers.models import Seller, SellerStatus

from ..factories import OfferFactory, SellerFactory, UserFactory

PHONE_VARIANTS = {
    "type": "object",
    "properties": {
        "storage_gb": {"type": "integer", "enum": [64, 128, 256, 512], "x-label": "{} GB"},
        "colour": {"type": "string", "minLength": 1},
    },
    "required": ["storage_gb", "colour"],
    "additionalProperties": False,
}
PHONE_ATTRIBUTES = {
    "type": "object",
    "properties": {
        "screen_inches": {"type": "number", "exclusiveMinimum": 0, "maximum": 20},
        "os": {"type": "string", "enum": ["iOS", "Android"]},
    },
    "required": ["os"],
    "additionalProperties": False,
}
LAPTOP_VARIANTS = {
    "type": "object",
    "properties": {"storage_gb": {"type": "integer"}, "keyboard": {"type": "string"}},
    "required": ["storage_gb"],
}
SIZE_VARIANTS = {"type": "object", "properties": {"size": {"type": "string", "enum": ["S", "M", "L"]}}}


@dataclass
class Catalogue:
    electronics: Category
    phones: Category
    laptops: Category
    cases: Category
    jackets: Category
    apple: Brand
    samsung: Brand
    iphone13: ProductModel
    iphone12: ProductModel
    galaxy: ProductModel
    book: ProductModel
    macbook: ProductModel
    jacket: ProductModel
    case: ProductModel
    i13_128_black: Variant
    i13_256_black: Variant
    i13_128_blue: Variant
    galaxy_128: Variant
    renew: Seller
    reboot: Seller
    best: Offer  # FR, iPhone 13 128 GB Black, excellent: the winner of its slot
    runner_up: Offer
    hidden: list[Offer]  # FR offers of the Galaxy that buyers must not see, all cheaper than its visible one


def offer(variant: Variant, seller: Seller, grade: str, price: int, **kw) -> Offer:
    battery = None if variant.product.category.battery_floor is None else kw.pop("battery_health_min", 90)
    kw.setdefault("battery_health_min", battery)
    return OfferFactory(variant=variant, seller=seller, grade=grade, price_amount=price, **kw)


def build_catalogue() -> Catalogue:
    electronics = services.create_category(slug="electronics", name="Electronics")
    phones = services.create_category(
        slug="smartphones",
        name="Smartphones",
        parent=electronics,
        battery_floor=80,
        illustration="phone",
        attribute_schema=PHONE_ATTRIBUTES,
        variant_schema=PHONE_VARIANTS,
    )
    laptops = services.create_category(
        slug="laptops",
        name="Laptops",
        parent=electronics,
        battery_floor=85,
        illustration="laptop",
        variant_schema=LAPTOP_VARIANTS,
    )
    accessories = services.create_category(
        slug="accessories", name="Accessories", kind=CategoryKind.ACCESSORY
    )
    cases = services.create_category(
        slug="cases", name="Cases", parent=accessories, kind=CategoryKind.ACCESSORY
    )
    apparel = services.create_category(slug="apparel", name="Apparel", kind=CategoryKind.APPAREL)
    jackets = services.create_category(
        slug="jackets",
        name="Jackets",
        parent=apparel,
        kind=CategoryKind.APPAREL,
        variant_schema=SIZE_VARIANTS,
        illustration="jacket",
    )
    apple = services.create_brand(name="Apple")
    samsung = services.create_brand(name="Samsung")
    patagonia = services.create_brand(name="Patagonia")
    spigen = services.create_brand(name="Spigen")

    iphone13 = services.create_product(
        category=phones,
        brand=apple,
        name="iPhone 13",
        release_date=date(2021, 9, 24),
        gtin="0194252707135",
        attributes={"os": "iOS", "screen_inches": 6.1},
        origin="cn",
        weight_grams=174,
        materials=[{"material": "aluminium", "percent": 24}, {"material": "glass", "percent": 18}],
    )
    iphone12 = services.create_product(
        category=phones,
        brand=apple,
        name="iPhone 12",
        release_date=date(2020, 10, 23),
        attributes={"os": "iOS"},
    )
    galaxy = services.create_product(
        category=phones,
        brand=samsung,
        name="Galaxy S21",
        release_date=date(2021, 1, 29),
        attributes={"os": "Android"},
    )
    book = services.create_product(
        category=laptops, brand=samsung, name="Galaxy Book 3", release_date=date(2023, 2, 1)
    )
    macbook = services.create_product(
        category=laptops, brand=apple, name="MacBook Air M2", release_date=date(2022, 7, 15)
    )
    jacket = services.create_product(category=jackets, brand=patagonia, name="Veste Déperlante Torrentshell")
    case = services.create_product(
        category=cases, brand=spigen, name="Coque Ultra Hybrid", compatible_with=[iphone13]
    )

    i13_128_black = services.create_variant(
        product=iphone13, attributes={"storage_gb": 128, "colour": "Black"}
    )
    i13_256_black = services.create_variant(
        product=iphone13, attributes={"storage_gb": 256, "colour": "Black"}
    )
    i13_128_blue = services.create_variant(product=iphone13, attributes={"storage_gb": 128, "colour": "Blue"})
    i12 = services.create_variant(product=iphone12, attributes={"storage_gb": 64, "colour": "White"})
    galaxy_128 = services.create_variant(
        product=galaxy, attributes={"storage_gb": 128, "colour": "Phantom Grey"}
    )
    book_512 = services.create_variant(product=book, attributes={"storage_gb": 512, "keyboard": "AZERTY"})
    mac_256 = services.create_variant(product=macbook, attributes={"storage_gb": 256, "keyboard": "QWERTZ"})
    jacket_m = services.create_variant(product=jacket, attributes={"size": "M"})
    case_one = services.create_variant(product=case, attributes={})

    renew = SellerFactory(
        user=UserFactory(email="renew@example.test"),
        display_name="ReNew Labs",
        slug="renew-labs",
        rating_sum=470,
        rating_count=100,
    )
    reboot = SellerFactory(
        user=UserFactory(email="reboot@example.test"),
        display_name="Atelier Reboot",
        slug="atelier-reboot",
        rating_sum=450,
        rating_count=100,
    )
    gone = SellerFactory(
        user=UserFactory(email="gone@example.test"),
        display_name="Gone",
        slug="gone",
        status=SellerStatus.SUSPENDED,
    )

    best = offer(i13_128_black, renew, "excellent", 41900, warranty_months=24)
    runner_up = offer(i13_128_black, reboot, "excellent", 45900, battery_health_min=85)
    offer(i13_128_black, reboot, "fair", 33900, battery_health_min=80)
    offer(i13_256_black, renew, "good", 47900)
    offer(i13_128_blue, renew, "premium", 52900, battery_health_min=95)
    offer(i12, renew, "good", 29900)
    offer(galaxy_128, renew, "excellent", 39900)
    hidden = [
        offer(galaxy_128, reboot, "good", 10000, status=OfferStatus.WITHDRAWN),
        offer(galaxy_128, reboot, "fair", 10000, status=OfferStatus.PAUSED),
        offer(galaxy_128, reboot, "premium", 10000, quantity=0),
        offer(galaxy_128, gone, "good", 10000),
    ]
    offer(book_512, reboot, "good", 69900)
    offer(jacket_m, reboot, "good", 12900)
    offer(case_one, renew, "good", 1500)
    offer(mac_256, renew, "good", 89900, market_id="DE")
    offer(i13_128_black, renew, "excellent", 36950, market_id="GB", currency="GBP")
    return Catalogue(
        electronics=electronics,
        phones=phones,
        laptops=laptops,
        cases=cases,
        jackets=jackets,
        apple=apple,
        samsung=samsung,
        iphone13=iphone13,
        iphone12=iphone12,
        galaxy=galaxy,
        book=book,
        macbook=macbook,
        jacket=jacket,
        case=case,
        i13_128_black=i13_128_black,
        i13_256_black=i13_256_black,
        i13_128_blue=i13_128_blue,
        galaxy_128=galaxy_128,
        renew=renew,
        reboot=reboot,
        best=best,
        runner_up=runner_up,
        hidden=hidden,
    )
