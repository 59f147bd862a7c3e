"""Demo data: `comeback seed-demo` (docs/design.md §4 demo logins).

Deterministic (a fixed random seed) and re-runnable: every run first deletes the previous demo rows —
users whose email ends with @demo.comeback.test, the demo product models, and everything hanging off
either — then recreates them. Categories and brands are updated in place, never deleted, since
other data may use them.

After its own catalogue, sellers and offers, seeding runs the optional hooks of other apps: for each
app in HOOK_APPS, `comeback.<app>.demo.seed_demo(ctx)` if that module exists (see DemoContext).
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm

from comeback.core import clock, ids, markets
from comeback.core.money import minor_units

from . import catalog
from .catalog import fashion

MODEL_GTIN_CATEGORIES = {"cases"}  # a brand using one GTIN for every variant of a model

if TYPE_CHECKING:  # models load after Django is set up; hooks import this module at any time
    from comeback.accounts.models import User
    from comeback.catalog.models import ProductModel
    from comeback.offers.models import Offer
    from comeback.sellers.models import Seller

DEMO_DOMAIN = "demo.comeback.test"
PASSWORD = "comeback-demo"  # docs/design.md §4: every demo login uses it
DEFAULT_SEED = 2024
HOOK_APPS = (  # every app with a demo.py, run in this order (docs/design.md §3 "Demo")
    "catalog",
    "sellers",
    "offers",
    "orders",
    "payouts",
    "invoices",
    "webhooks",
    "passports",
    "tradein",
    "aftersales",
    "repair",
    "recovery",
    "editions",
    "trust",
    "insights",
)

# Prices: a grade's and a market's factor on the Good-grade French price (docs/design.md §2 Grades: premium >
# excellent > good > fair). Market factors follow observed refurbished prices, e.g. a Good iPhone 13
# 128 GB at about €389 / £349 / $399 / ¥52,800.
# Each condition scheme's grades (catalog/conditions.py), best first; garments are priced from Good too.
SCHEME_GRADE_FACTORS = {
    "device": {"premium": 1.20, "excellent": 1.09, "good": 1.00, "fair": 0.89},
    "apparel": {"new_with_tags": 1.45, "like_new": 1.25, "very_good": 1.12, "good": 1.00},
    "accessory": {"new": 1.35, "excellent": 1.09, "good": 1.00, "fair": 0.89},
}
GRADE_FACTORS = {g: f for factors in SCHEME_GRADE_FACTORS.values() for g, f in factors.items()}
MARKET_FACTORS = {"FR": 1.0, "DE": 0.98, "GB": 0.90, "US": 1.025, "JP": 135.7}
PREMIUM_BATTERY = 90  # docs/design.md §2: Premium means battery ≥ 90% at delivery

# How densely the full sellers list a product, by its popularity (1 niche … 3 best seller): the chance that
# a non-leading configuration is listed in a market, and (min, max) grades per listed configuration and
# sellers per grade. The leading configuration of a best seller is listed everywhere, in every grade, by
# at least three sellers, so the ranking has something to rank.
LISTING_CHANCE = {3: 0.25, 2: 0.17, 1: 0.12}
GRADES_PER_SLOT = {3: (2, 3), 2: (1, 3), 1: (1, 2)}
SELLERS_PER_GRADE = {3: (1, 2), 2: (1, 2), 1: (1, 1)}
LEADING_SELLERS = {
    "premium": (2, 3),
    "excellent": (3, 4),
    "good": (3, 4),
    "fair": (2, 3),
    "new_with_tags": (1, 2),
    "like_new": (2, 3),
    "very_good": (3, 4),
}


@dataclass
class DemoContext:
    """What seeding hands to each app's `seed_demo(ctx)` hook (shared contract; keep attributes stable)."""

    rng: random.Random
    now: datetime
    password: str
    users: dict[str, User] = field(default_factory=dict)  # by email
    sellers: dict[str, Seller] = field(default_factory=dict)  # by login email
    products: list[ProductModel] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    show_progress: bool = True
    # login email -> (sum of stars, count): the reviews the orders demo posts for each seller
    ratings: dict[str, tuple[int, int]] = field(default_factory=dict)

    def progress(self, iterable: Iterable, desc: str):
        """Wrap a long loop in a progress bar (docs/design.md §5: long commands show progress)."""
        return tqdm(iterable, desc=desc, disable=not self.show_progress, dynamic_ncols=True)


@dataclass(frozen=True)
class SellerSpec:
    login: str  # local part of the login email
    contact: str
    display_name: str
    legal_name: str
    country: str
    registration: str
    vat: str
    address: str
    phone: str
    markets: tuple[str, ...]
    status: str
    # (sum of stars, count) of the reviews its past orders get (orders/demo_reviews.py): none for a seller
    # too new to have delivered, or whose offers buyers cannot reach
    rating: tuple[int, int]
    price_level: float  # how the seller prices against the market
    handling_days: int
    onboarded_days_ago: int | None  # verified and probation started this many days ago; None = not verified
    description: str = ""


# Fictional companies with check-digit-valid identifiers (python-stdnum); phone numbers are from ranges
# reserved for fiction (ARCEP 01 99 00, Bundesnetzagentur 030 23125, Ofcom 020 7946 0, NANP 555-01).
SELLERS: list[SellerSpec] = [
    SellerSpec(
        "seller1",
        "Claire Dubois",
        "Atelier Renaissance",
        "Atelier Renaissance SAS",
        "FR",
        "RCS Lyon 842 319 758",
        "FR64842319758",
        "14 rue de la Part-Dieu\n69003 Lyon\nFrance",
        "+33 1 99 00 14 21",
        ("FR", "DE", "GB", "US", "JP"),
        "full",
        (58, 12),
        1.04,
        1,
        1100,
        "Lyon workshop refurbishing phones and laptops since 2016; new batteries on every Premium unit.",
    ),
    SellerSpec(
        "seller2",
        "Mehdi Benali",
        "ReCell Paris",
        "ReCell France SARL",
        "FR",
        "RCS Paris 890 547 169",
        "FR07890547169",
        "87 boulevard de Ménilmontant\n75011 Paris\nFrance",
        "+33 1 99 00 27 63",
        ("FR", "DE"),
        "full",
        (27, 6),
        0.99,
        2,
        640,
        "Smartphone and tablet specialists in Paris's 11th arrondissement.",
    ),
    SellerSpec(
        "seller3",
        "Jonas Becker",
        "Zweitwerk",
        "Zweitwerk Refurbishing GmbH",
        "DE",
        "HRB 214587 B, AG Charlottenburg",
        "DE314826575",
        "Schlesische Straße 27\n10997 Berlin\nGermany",
        "+49 30 23125 418",
        ("DE", "FR", "GB"),
        "full",
        (47, 10),
        1.02,
        1,
        900,
        "Berlin refurbisher of Apple, Samsung and Nintendo devices.",
    ),
    SellerSpec(
        "seller4",
        "Lena Hoffmann",
        "Kreislauf Technik",
        "Kreislauf Technik GmbH",
        "DE",
        "HRB 108342 (Amtsgericht München)",
        "DE275193648",
        "Landsberger Straße 302\n80687 München\nGermany",
        "+49 30 23125 772",
        ("DE", "FR"),
        "full",
        (21, 5),
        0.97,
        2,
        420,
        "Business laptops and phones from corporate fleets, wiped and regraded.",
    ),
    SellerSpec(
        "seller5",
        "Priya Shah",
        "Second Spin",
        "Second Spin Refurbishment Ltd",
        "GB",
        "Companies House 11846203",
        "GB284619331",
        "Unit 4, Riverside Works\nCable Street\nManchester M4 6DA\nUnited Kingdom",
        "+44 20 7946 0183",
        ("GB", "FR", "DE", "US"),
        "full",
        (37, 8),
        1.00,
        1,
        760,
        "Manchester refurbisher for phones, consoles and outdoor clothing.",
    ),
    SellerSpec(
        "seller6",
        "Tom Gallagher",
        "Loop & Co Devices",
        "Loop and Co Devices Ltd",
        "GB",
        "Companies House 13592741",
        "GB315972404",
        "22 Temple Street\nBirmingham B2 5BN\nUnited Kingdom",
        "+44 20 7946 0742",
        ("GB",),
        "full",
        (27, 7),
        0.93,
        3,
        300,
        "Low prices, fewer frills: Birmingham's budget refurbisher.",
    ),
    SellerSpec(
        "seller7",
        "Maria Gonzalez",
        "Phoenix Refurbished",
        "Phoenix Refurbished Electronics, Inc.",
        "US",
        "EIN 84-2917365",
        "",
        "1450 W Fulton Market, Suite 300\nChicago, IL 60607\nUnited States",
        "+1 202-555-0143",
        ("US", "GB", "JP"),
        "full",
        (22, 5),
        1.01,
        2,
        820,
        "Chicago refurbisher shipping across the US, the UK and Japan.",
    ),
    SellerSpec(
        "seller8",
        "Haruto Sato",
        "Mottainai Mobile",
        "Mottainai Mobile K.K.",
        "JP",
        "Corporate number 1301104098765",
        "T1301104098765",
        "3-14-5 Nihonbashi-Ningyocho, Chuo-ku\nTokyo 103-0013\nJapan",
        "+81 3-6555-0182",
        ("JP", "US"),
        "full",
        (23, 5),
        0.98,
        1,
        540,
        "Tokyo refurbisher: もったいない, nothing wasted.",
    ),
    # One seller in each trust state.
    SellerSpec(
        "applicant",
        "Julie Lambert",
        "Seconde Chance Mobile",
        "Seconde Chance Mobile SAS",
        "FR",
        "RCS Bordeaux 913 274 601",
        "FR33913274601",
        "5 quai des Chartrons\n33000 Bordeaux\nFrance",
        "+33 1 99 00 58 10",
        ("FR",),
        "applied",
        (0, 0),
        1.0,
        1,
        None,
    ),
    SellerSpec(
        "probation",
        "Felix Wagner",
        "Neuwertig Elektronik",
        "Neuwertig Elektronik UG (haftungsbeschränkt)",
        "DE",
        "HRB 187265 (Amtsgericht Hamburg)",
        "DE308617426",
        "Stresemannstraße 150\n22769 Hamburg\nGermany",
        "+49 30 23125 905",
        ("DE", "FR"),
        "probation",
        (0, 0),
        0.96,
        1,
        3,
    ),
    SellerSpec(
        "review",
        "Olivia Brown",
        "Fresh Byte Refurbs",
        "Fresh Byte Refurbs Ltd",
        "GB",
        "Companies House 14260937",
        "GB247830504",
        "9 Quayside\nNewcastle upon Tyne NE1 3DX\nUnited Kingdom",
        "+44 20 7946 0326",
        ("GB",),
        "probation",
        (30, 7),
        0.97,
        2,
        41,
    ),
    SellerSpec(
        "suspended",
        "Kevin Miller",
        "Bargain Bytes",
        "Bargain Bytes LLC",
        "US",
        "EIN 46-3821907",
        "",
        "800 N Central Ave\nPhoenix, AZ 85004\nUnited States",
        "+1 202-555-0187",
        ("US",),
        "suspended",
        (0, 0),
        0.9,
        3,
        600,
    ),
    SellerSpec(
        "removed",
        "Nicolas Roux",
        "Reconditionné Express",
        "Reconditionné Express SARL",
        "FR",
        "RCS Marseille 885 120 436",
        "FR94885120436",
        "40 rue de la République\n13002 Marseille\nFrance",
        "+33 1 99 00 73 44",
        ("FR",),
        "removed",
        (0, 0),
        0.92,
        3,
        500,
    ),
]

# Listing schedules of the sellers in probation (docs/design.md §2: at most 5 new listings per calendar day):
# (days ago, how many). The newest day leaves room for 3 more today before the cap refuses.
PROBATION_SCHEDULES = {
    "probation": [(3, 4), (2, 5), (1, 3), (0, 2)],
    "review": [(d, 2) for d in range(41, 6, -3)],
}
TRUST_LISTINGS = {"suspended": 18, "removed": 12}


def email(login: str) -> str:
    return f"{login}@{DEMO_DOMAIN}"


STATUS_REASONS = {
    "suspended": "Defect rate above the published threshold for more than 14 days; listings suspended until "
    "staff review the quality alerts.",
    "removed": "Removed after the probation review: repeated late shipments and defective units.",
}


def _days_since_status_change(ctx: DemoContext, s: SellerSpec) -> int:
    """Probation began at verification, a full seller was approved 40 days later; the rest is recent."""
    if s.status == "probation":
        return s.onboarded_days_ago
    if s.status == "full":
        return s.onboarded_days_ago - 40
    return ctx.rng.randint(5, 60)


# Other users: (login, name, staff).
PEOPLE = [("staff", "Inès Moreau", True), ("buyer", "Alex Martin", False)]


@dataclass
class DemoSummary:
    categories: int = 0
    products: int = 0
    variants: int = 0
    users: int = 0
    sellers: int = 0
    offers: int = 0
    hooks: list[str] = field(default_factory=list)
    seconds: float = 0.0


# Deleting ----------------------------------------------------------------------------------------------


def _is_set_rule(on_delete) -> bool:
    return on_delete in (models.SET_NULL, models.SET_DEFAULT) or hasattr(on_delete, "deconstruct")


def _delete_with_dependents(qs: models.QuerySet, tables: set[str], depth: int = 0) -> None:
    """Delete `qs` and, first, every row referencing it, whatever its on_delete (PROTECT included).

    Walks reverse relations depth first, so apps added later (orders, webhooks…) are cleaned without
    this module knowing them. Rows that merely point here with SET_NULL are left to Django; models
    whose table does not exist yet (an app not migrated) hold no rows. Each level works on ids read
    first, in chunks: nested subqueries six levels deep gave PostgreSQL plans that ran for minutes.
    """
    if depth > 12 or qs.model._meta.db_table not in tables:
        return
    pks = list(qs.values_list("pk", flat=True))
    for start in range(0, len(pks), 2000):
        _delete_rows(qs.model, pks[start : start + 2000], tables, depth)


def _delete_rows(model, pks: list, tables: set[str], depth: int) -> None:
    rows = model._base_manager.filter(pk__in=pks)
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if _is_set_rule(rel.on_delete):
            continue
        target = rel.field.target_field.attname
        values = pks if target == model._meta.pk.attname else list(rows.values_list(target, flat=True))
        dependents = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": values})
        _delete_with_dependents(dependents, tables, depth + 1)
    rows.delete()


def demo_product_slugs() -> list[str]:
    return [product_slug(p) for p in catalog.PRODUCTS]


def purge_demo_data() -> None:
    """Delete demo users, the demo catalogue's product models and everything hanging off them."""
    from comeback.accounts.models import User
    from comeback.catalog.models import ProductModel
    from comeback.core.models import OutboxEvent
    from comeback.sellers.models import Seller

    users = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")
    seller_ids = list(Seller.objects.filter(user__in=users).values_list("pk", flat=True))
    if seller_ids:
        # Undelivered side effects about demo sellers would point at rows that no longer exist.
        OutboxEvent.objects.filter(payload__seller_id__in=seller_ids).delete()
    # The models of the editions demo shops made (one per edition) are not in the demo catalogue's list.
    from comeback.editions.models import Edition

    made = list(Edition.objects.filter(seller_id__in=seller_ids).values_list("product_id", flat=True))
    # A mystery order's shopper is a throwaway account outside the demo domain: it goes with the demo
    # sellers it bought from, or every re-seeding would leave one more behind.
    from comeback.orders.models import Order
    from comeback.trust.mystery import MYSTERY_EMAIL_DOMAIN

    shoppers = Order.objects.filter(
        lines__seller_id__in=seller_ids, buyer__email__iendswith=f"@{MYSTERY_EMAIL_DOMAIN}"
    ).values_list("buyer_id", flat=True)
    users = User.objects.filter(Q(pk__in=users.values("pk")) | Q(pk__in=list(shoppers)))
    tables = set(connection.introspection.table_names())
    _delete_with_dependents(users, tables)
    _delete_with_dependents(
        ProductModel.objects.filter(Q(slug__in=demo_product_slugs()) | Q(pk__in=made)), tables
    )


# Catalogue ---------------------------------------------------------------------------------------------


def product_slug(spec: catalog.ProductSpec) -> str:
    return slugify(f"{spec.brand} {spec.name}")


def _variant_rows(spec: catalog.ProductSpec) -> list[tuple[dict, str, str, int]]:
    """(attributes, label, sku, extra euros) for every combination of the product's options."""
    axes = [[(key, value, extra) for value, extra in values] for key, values in spec.options]
    rows = []
    stem = product_slug(spec).upper()
    for combo in itertools.product(*axes):
        attributes = {key: value for key, value, _extra in combo}
        label = " · ".join(catalog.LABELS.get(key, str)(value) for key, value, _extra in combo)
        sku = "-".join([stem, *(slugify(str(value)).upper() for _key, value, _extra in combo)])
        rows.append((attributes, label, sku, sum(extra for _key, _value, extra in combo)))
    return rows


def _upsert_categories() -> dict:
    """Create the demo categories, or bring existing ones (same slug) up to date: never deleted."""
    from comeback.catalog import services
    from comeback.catalog.models import Category

    out: dict = {}
    for order, spec in enumerate(catalog.CATEGORIES):
        fields = dict(
            name=spec.name,
            parent=out.get(spec.parent),
            kind=spec.kind,
            condition_scheme=spec.scheme,
            battery_floor=spec.battery_floor,
            attribute_schema=spec.attribute_schema,
            variant_schema=spec.variant_schema,
            illustration=spec.illustration,
            sort_order=order,
        )
        existing = Category.objects.filter(slug=spec.slug).first()
        if existing is None:
            out[spec.slug] = services.create_category(slug=spec.slug, **fields)
            continue
        services.check_schema(spec.attribute_schema, field="attribute_schema")
        services.check_schema(spec.variant_schema, field="variant_schema")
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        out[spec.slug] = existing
    return out


def _create_catalogue(ctx: DemoContext, categories: dict) -> dict:
    """Brands, product models and variants, through the catalogue's services so every rule holds.

    Returns {product slug: [(Variant, extra euros)]}.
    """
    from comeback.catalog import services
    from comeback.catalog.models import Brand

    brands = {}
    for name in sorted({p.brand for p in catalog.PRODUCTS}):
        brands[name] = Brand.objects.filter(slug=slugify(name)).first() or services.create_brand(name=name)
    by_name: dict = {}
    by_product: dict = defaultdict(list)
    # GS1: one GTIN per trade item, so per variant, under our company prefix, in catalogue order (stable
    # across re-seeds); accessories show the other practice, one model GTIN for every variant.
    prefix = settings.COMEBACK_GS1_COMPANY_PREFIX
    references = iter(range(1, ids.prefix_capacity(prefix)))
    for spec in ctx.progress(catalog.PRODUCTS, "Catalogue"):
        category = categories[spec.category]
        materials = catalog.MATERIALS[spec.materials] if isinstance(spec.materials, str) else spec.materials
        one_for_all = spec.category in MODEL_GTIN_CATEGORIES
        product = services.create_product(
            category=category,
            brand=brands[spec.brand],
            name=spec.name,
            slug=product_slug(spec),
            description=_description(spec, category),
            release_date=spec.released,
            end_of_placement=spec.ended,
            materials=[{"material": m, "percent": pct} for m, pct in materials],
            origin=spec.origin,
            attributes=spec.attributes,
            weight_grams=spec.weight_g,
            compatible_with=[by_name[n] for n in spec.fits],
            gtin=ids.gtin_for_reference(prefix, next(references)) if one_for_all else None,
            energy_label=demo_energy_label(spec),
            textile=fashion.textile_facts(spec) if category.conditions.textile_facts else None,
        )
        by_name[spec.name] = product
        for attributes, label, sku, extra in _variant_rows(spec):
            gtin = None if one_for_all else ids.gtin_for_reference(prefix, next(references))
            variant = services.create_variant(
                product=product, attributes=attributes, label=label, sku=sku, gtin=gtin
            )
            by_product[product.slug].append((variant, extra))
    ctx.products = list(by_name.values())
    from comeback.catalog import sizes

    for brand, slug, measurements in catalog.SIZE_GUIDES:  # docs/fashion.md "Sizes"
        sizes.set_size_guide(brand=brands[brand], category=categories[slug], measurements=measurements)
    return by_product


REPAIRABILITY_BY_BRAND = {"Fairphone": "A", "Samsung": "B", "Google": "C", "Apple": "C"}


def demo_energy_label(spec: catalog.ProductSpec) -> dict:
    """Plausible EU energy-label values for the demo's phones and tablets, all marked as estimates (the
    demo's models came out before the label applied; none has an EPREL registration)."""
    if spec.category not in ("smartphones", "tablets"):
        return {}
    recent = bool(spec.released and spec.released.year >= 2023)
    ip = spec.attributes.get("water_resistance")
    label = {
        "repairability_class": REPAIRABILITY_BY_BRAND.get(spec.brand, "C"),
        "battery_cycles": 1000 if recent else 800,
        "drop_class": "B" if spec.category == "smartphones" else "C",
        "estimated": True,
    }
    if isinstance(ip, str) and ip.startswith("IP"):
        label["ip_rating"] = ip
    return label


def _description(spec: catalog.ProductSpec, category) -> str:
    released = f", released {spec.released:%B %Y}" if spec.released else ""
    if not category.conditions.functional_claim:  # clothes: no "functional", no device warranty
        return (
            f"{spec.brand} {spec.name} ({category.name.lower()}). Every second-hand item on Comeback is "
            f"cleaned, graded by a professional reseller and shown with each sign of wear it has."
        )
    return (
        f"{spec.brand} {spec.name} ({category.name.lower()}{released}). Every refurbished unit on Comeback is "
        f"fully functional, checked by a professional refurbisher and sold with a warranty of at least 12 months."
    )


# People and sellers ------------------------------------------------------------------------------------


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _create_people(ctx: DemoContext) -> None:
    from comeback.accounts.models import User
    from comeback.sellers.models import Seller

    hashed = make_password(ctx.password)  # argon2 is slow on purpose: hash once, share it
    users = [
        User(
            email=email(login),
            name=name,
            is_staff=staff,
            is_superuser=staff,
            password=hashed,
            preferred_market="FR",
            date_joined=ctx.now - timedelta(days=1200),
        )
        for login, name, staff in PEOPLE
    ]
    for s in SELLERS:
        joined = ctx.now - timedelta(days=(s.onboarded_days_ago or 0) + 2)
        users.append(
            User(
                email=email(s.login),
                name=s.contact,
                password=hashed,
                preferred_market=s.country,
                date_joined=joined,
            )
        )
    User.objects.bulk_create(users)
    ctx.users = {u.email: u for u in users}

    sellers = []
    for s in SELLERS:
        onboarded = (
            ctx.now - timedelta(days=s.onboarded_days_ago) if s.onboarded_days_ago is not None else None
        )
        seller = Seller(
            user=ctx.users[email(s.login)],
            legal_name=s.legal_name,
            display_name=s.display_name,
            slug=slugify(s.display_name),
            country=s.country,
            company_registration=s.registration,
            vat_number=s.vat,
            address=s.address,
            contact_phone=s.phone,
            markets=list(s.markets),
            description=s.description,
            status=s.status,
            default_handling_days=s.handling_days,
            rating_sum=0,  # the reviews the orders demo posts add up here (ctx.ratings)
            rating_count=0,
            verified_at=onboarded,
            probation_started_at=onboarded,
        )
        # The trust process's own fields, where the sellers app has them (it owns their meaning).
        changed = ctx.now - timedelta(days=_days_since_status_change(ctx, s)) if onboarded else None
        optional = {
            "approved_at": changed if s.status == "full" else None,
            "status_changed_at": changed,
            "status_reason": STATUS_REASONS.get(s.status, ""),
        }
        if (
            s.status != "applied"
        ):  # trader traceability (DSA Art. 30) held for every shop past its application
            optional.update(
                trade_register=f"RCS {s.country} {s.registration}",
                id_document_type="id_card",
                id_document_number=f"DEMO{len(sellers) + 1:05d}",
                id_document_holder=s.legal_name,
                payment_account_at=onboarded or ctx.now,
                self_certified_at=onboarded or ctx.now,
            )
        for name, value in optional.items():
            if _has_field(Seller, name):
                setattr(seller, name, value)
        seller.save()  # one by one: Seller.save() derives the probation deadline
        sellers.append(seller)
    for seller in sellers:
        seller.created_at = seller.user.date_joined  # applied two days before verification
    Seller.objects.bulk_update(sellers, ["created_at"])
    ctx.sellers = {seller.user.email: seller for seller in sellers}
    ctx.ratings = {email(s.login): s.rating for s in SELLERS}


# Offers ------------------------------------------------------------------------------------------------


class _Pricer:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def price(self, euros: float, market) -> int:
        """A realistic shelf price in the market's minor units: ¥52,800; €389.00 or €388.90; $398.99."""
        major = euros * MARKET_FACTORS.get(market.code, 1.0)
        if minor_units(market.currency) == 0:
            return max(100, round(major / 100) * 100)
        whole = max(2, round(major))
        unit = 10 ** minor_units(market.currency)
        if self.rng.random() < 0.5:
            return whole * unit
        return (whole - 1) * unit + (99 if market.currency == "USD" else 90) * unit // 100


def _offer_terms(
    rng: random.Random, *, grade: str, floor: int | None, seller: SellerSpec, in_stock: bool = False
) -> dict:
    if floor is None:
        battery = None
    elif grade == "premium":
        battery = rng.choice([max(floor, PREMIUM_BATTERY), 95, 100])
    else:
        battery = rng.choice([floor, floor, min(100, floor + 5), max(floor, PREMIUM_BATTERY)])
    sold_out = rng.random() < 0.06 and not in_stock
    quantity = 0 if sold_out else min(25, 1 + int(rng.expovariate(1 / 6)))
    return dict(
        grade=grade,
        battery_health_min=battery,
        quantity=quantity,
        warranty_months=rng.choice([12, 12, 18, 24, 24]),
        handling_days=min(3, seller.handling_days + rng.choice([0, 0, 1])),
    )


def _create_offers(ctx: DemoContext, by_product: dict) -> None:
    from comeback.offers.models import Offer, OfferStatus

    rng = ctx.rng
    pricer = _Pricer(rng)
    specs = {s.login: s for s in SELLERS}
    sellers = {s.login: ctx.sellers[email(s.login)] for s in SELLERS}
    market_list = [m for m in markets.all_markets() if m.code in MARKET_FACTORS]
    full = {m.code: [s for s in SELLERS if s.status == "full" and m.code in s.markets] for m in market_list}
    offers: list[Offer] = []

    def add(
        login: str, variant, market, terms: dict, euros: float, published: datetime, status=OfferStatus.ACTIVE
    ):
        offers.append(
            Offer(
                seller=sellers[login],
                variant=variant,
                market=market,
                currency=market.currency,
                price_amount=pricer.price(euros * GRADE_FACTORS[terms["grade"]], market),
                status=status,
                published_at=published,
                **terms,
            )
        )

    for spec in ctx.progress(catalog.PRODUCTS, "Offers"):
        category = by_product[product_slug(spec)][0][0].product.category
        floor = category.battery_floor
        grades = list(SCHEME_GRADE_FACTORS[category.condition_scheme])
        lo_g, hi_g = GRADES_PER_SLOT[spec.popularity]
        lo_s, hi_s = SELLERS_PER_GRADE[spec.popularity]
        for index, (variant, extra) in enumerate(by_product[product_slug(spec)]):
            leading = index == 0
            for market in market_list:
                plug = variant.attributes.get("plug")
                if plug and market.code not in catalog.PLUG_MARKETS[plug]:
                    continue
                if not leading and rng.random() > LISTING_CHANCE[spec.popularity]:
                    continue
                best_seller = leading and spec.popularity == 3
                if best_seller:
                    slot_grades = grades
                else:
                    slot_grades = sorted(rng.sample(grades, rng.randint(lo_g, hi_g)), key=grades.index)
                # A seller prices a configuration once and scales it by grade, so its grades never cross.
                level = {s.login: s.price_level * rng.uniform(0.96, 1.05) for s in full[market.code]}
                for grade in slot_grades:
                    per_grade = LEADING_SELLERS[grade] if best_seller else (lo_s, hi_s)
                    count = min(len(full[market.code]), rng.randint(*per_grade))
                    for s in rng.sample(full[market.code], count):
                        published = ctx.now - timedelta(days=rng.uniform(1, min(180, s.onboarded_days_ago)))
                        terms = _offer_terms(rng, grade=grade, floor=floor, seller=s, in_stock=best_seller)
                        add(
                            s.login,
                            variant,
                            market,
                            terms,
                            (spec.price_eur + extra) * level[s.login],
                            published,
                        )

    # Sellers in the trust states list a few popular configurations.
    popular = [
        (v, extra, spec)
        for spec in catalog.PRODUCTS
        if spec.popularity >= 2
        for v, extra in by_product[product_slug(spec)][:3]
        if "plug" not in v.attributes
    ]
    for login in ("probation", "review", "suspended", "removed"):
        s = specs[login]
        if login in PROBATION_SCHEDULES:
            # Within each day, after the moment probation started (and never in the future).
            times = [
                ctx.now - timedelta(days=days) + timedelta(minutes=5 + 7 * i)
                if days
                else ctx.now - timedelta(minutes=30 + 7 * i)
                for days, n in PROBATION_SCHEDULES[login]
                for i in range(n)
            ]
        else:
            times = sorted(
                (ctx.now - timedelta(days=rng.uniform(30, 300)) for _i in range(TRUST_LISTINGS[login])),
                reverse=True,
            )
        status = OfferStatus.WITHDRAWN if s.status == "removed" else OfferStatus.ACTIVE
        taken = set()
        for published in times:
            while True:
                variant, extra, spec = rng.choice(popular)
                market = markets.get(rng.choice(s.markets))
                grade = rng.choice(list(SCHEME_GRADE_FACTORS[variant.product.category.condition_scheme])[1:])
                if (variant.sku, market.code, grade) not in taken:
                    taken.add((variant.sku, market.code, grade))
                    break
            terms = _offer_terms(rng, grade=grade, floor=variant.product.category.battery_floor, seller=s)
            add(login, variant, market, terms, (spec.price_eur + extra) * s.price_level, published, status)

    Offer.objects.bulk_create(offers, batch_size=500)
    # Listing history: created when published (auto_now_add stamped them all with "now").
    Offer.objects.filter(seller__in=list(sellers.values())).update(
        created_at=F("published_at"), updated_at=F("published_at")
    )
    for o in offers:
        o.created_at = o.updated_at = o.published_at
    ctx.offers = offers


# Orchestration -----------------------------------------------------------------------------------------


def run_hooks(ctx: DemoContext) -> list[str]:
    """Let other apps add their demo data: `comeback.<app>.demo.seed_demo(ctx)` when the module exists."""
    ran = []
    for app in HOOK_APPS:
        name = f"comeback.{app}.demo"
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # the app itself is not there
            found = None
        if found is None:
            continue
        module = importlib.import_module(name)
        with transaction.atomic():
            module.seed_demo(ctx)
        ran.append(app)
    return ran


def seed(*, random_seed: int = DEFAULT_SEED, hooks: bool = True, show_progress: bool = True) -> DemoSummary:
    """Reset the demo data and load it again: catalogue, people, sellers, offers, then the apps' hooks."""
    from comeback.catalog import services as catalog_services

    started = time.perf_counter()
    ctx = DemoContext(
        rng=random.Random(random_seed), now=clock.now(), password=PASSWORD, show_progress=show_progress
    )
    markets.changed()
    with transaction.atomic():
        purge_demo_data()
        categories = _upsert_categories()
        by_product = _create_catalogue(ctx, categories)
        _create_people(ctx)
        _create_offers(ctx, by_product)
        # Each create also reindexes its product after commit; rebuilding here makes search complete
        # inside this transaction already (a test's transaction never commits).
        catalog_services.rebuild_search_index(progress=ctx.progress)
    summary = DemoSummary(
        categories=len(categories),
        products=len(ctx.products),
        variants=sum(len(v) for v in by_product.values()),
        users=len(ctx.users),
        sellers=len(ctx.sellers),
        offers=len(ctx.offers),
    )
    if hooks:
        summary.hooks = run_hooks(ctx)
        if "sellers" in summary.hooks:
            # Scores from the facts the hooks just wrote (orders, reviews), so the ranking uses them.
            from comeback.sellers.monitoring import recompute_all

            with transaction.atomic():
                recompute_all(at=ctx.now, progress=ctx.progress)
    summary.seconds = time.perf_counter() - started
    return summary


# Logins ------------------------------------------------------------------------------------------------

# Order of the table: staff, buyer, then sellers along their lifecycle.
_STATE_ORDER = ["full", "applied", "probation", "suspended", "removed", "rejected"]
_SELLER_HINTS = {
    "full": _("Seller portal and API: list, reprice, see the price that would win"),
    "applied": _("Awaiting verification: listing is refused until staff verify it"),
    "probation": _("Publish listings until the 5-a-day probation cap refuses one"),
    "suspended": _("Listings hidden from buyers; listing refused until staff review"),
    "removed": _("Removed: cannot sell again; its listings are withdrawn"),
    "rejected": _("Application rejected: cannot list"),
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    hint: str


def demo_logins(*, at: datetime | None = None) -> list[DemoLogin]:
    """Every demo login with its role or seller state and what to try, read from the database."""
    from comeback.accounts.models import User

    at = at or clock.now()
    rows: list[tuple[tuple, DemoLogin]] = []
    for user in User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}").select_related("seller"):
        seller = getattr(user, "seller", None)
        if user.is_staff or user.is_superuser:
            rank = 0
            role = _("staff (superuser)") if user.is_superuser else _("staff")
            hint = _("Back office and /admin/: verify the applicant, review the seller past day 40")
        elif seller is None:
            rank, role, hint = (
                1,
                _("buyer"),
                _("Browse, compare grades, buy, return, review, trade in a device"),
            )
            described = _described_by_hooks(user)
            if described is not None:
                rank, (role, hint) = 1.5, described
        else:
            state = seller.status
            rank = 2 + (_STATE_ORDER.index(state) if state in _STATE_ORDER else len(_STATE_ORDER))
            role, hint = _("seller · %s") % state, _SELLER_HINTS.get(state, "")
            if state == "probation" and seller.probation_started_at:
                days = (at - seller.probation_started_at).days
                role = _("seller · probation, %d days in") % days
                if days >= 40:  # docs/design.md §2: on day 40 listings pause until a review
                    hint = _("Review due: listings paused until staff approve, extend or remove")
            elif seller.rating_count:
                role += f" ★{seller.rating_sum / seller.rating_count:.1f}"
        rows.append(((rank, _natural(user.email)), DemoLogin(user.email, str(role), str(hint))))
    return [login for _key, login in sorted(rows, key=lambda r: r[0])]


def _described_by_hooks(user) -> tuple[str, str] | None:
    """Apps whose demo adds logins (partners, stores…) describe them with `describe_login(user)`."""
    for app in HOOK_APPS:
        name = f"comeback.{app}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        describe = getattr(importlib.import_module(name), "describe_login", None)
        found = describe(user) if describe else None
        if found is not None:
            return found
    return None


def _natural(text: str) -> tuple:
    """seller2 before seller10."""
    head = text.split("@")[0]
    stem = head.rstrip("0123456789")
    return (stem, int(head[len(stem) :] or 0), text)
