"""The benchmark's large catalogue: thousands of models, tens of thousands of variants, hundreds of
thousands of offers from a thousand sellers, generated deterministically with bulk inserts.

The shape imitates a real marketplace rather than a uniform grid: a few popular models carry many
more offers than the long tail (log-normal popularity), France is the biggest market, most offers are
Excellent or Good, some offers are out of stock, paused or withdrawn, and some sellers are on
probation or suspended, so the visibility filters have real work to do.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate, islice

from django.db import connection, transaction
from django.utils.text import slugify
from tqdm import tqdm

SEED = 20_250_101
PASSWORD = "comeback-bench"
EMAIL_DOMAIN = "bench.comeback.test"
BATCH = 5_000

# Offers per market and grade: France is the biggest market, Premium and Fair the rarest grades.
MARKET_WEIGHTS = {"FR": 35, "DE": 20, "GB": 15, "US": 20, "JP": 10}
GRADE_WEIGHTS = {"premium": 10, "excellent": 35, "good": 40, "fair": 15}
GRADE_PRICE = {"premium": 1.0, "excellent": 0.9, "good": 0.82, "fair": 0.72}
# One euro in each market's currency, in its minor unit (JPY has no decimals).
MINOR_PER_EURO = {
    "FR": (100, "EUR"),
    "DE": (100, "EUR"),
    "GB": (86, "GBP"),
    "US": (108, "USD"),
    "JP": (160, "JPY"),
}

BRANDS = [
    "Apple",
    "Samsung",
    "Google",
    "Xiaomi",
    "OnePlus",
    "Sony",
    "Huawei",
    "Oppo",
    "Motorola",
    "Nokia",
    "Lenovo",
    "Dell",
    "HP",
    "Asus",
    "Acer",
    "Microsoft",
    "Garmin",
    "Fitbit",
    "Bose",
    "Sennheiser",
    "JBL",
    "Nintendo",
    "Canon",
    "Nikon",
    "Fujifilm",
    "Realme",
    "Vivo",
    "Honor",
    "LG",
    "Razer",
]
SERIES = [
    "Nova",
    "Pixel",
    "Edge",
    "Zen",
    "Aero",
    "Galaxy",
    "Vision",
    "Swift",
    "Spark",
    "Prime",
    "Flex",
    "Orbit",
    "Pulse",
    "Terra",
    "Volt",
    "Echo",
    "Halo",
    "Fusion",
    "Arc",
    "Nimbus",
]
SUFFIXES = ["", "Pro", "Max", "Lite", "Plus", "Mini", "Ultra", "SE", "Neo", "FE"]
COLOURS = ["Black", "White", "Silver", "Blue", "Green", "Red", "Gold", "Purple", "Graphite", "Pink"]


@dataclass(frozen=True)
class Kind:
    """A category of the benchmark catalogue and how its variants differ."""

    slug: str
    name: str
    parent: str
    battery_floor: int | None
    illustration: str
    share: int  # relative number of models
    base_price_eur: tuple[int, int]
    axis: str  # the variant attribute besides colour
    axis_values: tuple
    axis_label: str


PARENTS = {
    "phones-tablets": "Phones & tablets",
    "computers": "Computers",
    "audio-wearables": "Audio & wearables",
    "gaming": "Gaming",
    "photo": "Photo",
}
KINDS = [
    Kind(
        "smartphones",
        "Smartphones",
        "phones-tablets",
        80,
        "phone",
        40,
        (120, 1200),
        "storage_gb",
        (64, 128, 256),
        "{} GB",
    ),
    Kind(
        "tablets",
        "Tablets",
        "phones-tablets",
        85,
        "tablet",
        12,
        (150, 1100),
        "storage_gb",
        (64, 256, 512),
        "{} GB",
    ),
    Kind(
        "laptops",
        "Laptops",
        "computers",
        85,
        "laptop",
        15,
        (250, 2500),
        "storage_gb",
        (256, 512, 1024),
        "{} GB",
    ),
    Kind(
        "desktops",
        "Desktops",
        "computers",
        None,
        "desktop",
        5,
        (300, 2500),
        "storage_gb",
        (512, 1024, 2048),
        "{} GB",
    ),
    Kind(
        "smartwatches",
        "Smartwatches",
        "audio-wearables",
        85,
        "watch",
        10,
        (80, 700),
        "case_mm",
        (41, 45, 49),
        "{} mm",
    ),
    Kind(
        "headphones",
        "Headphones",
        "audio-wearables",
        85,
        "headphones",
        8,
        (40, 450),
        "edition",
        ("Standard", "Noise cancelling", "Sport"),
        "{}",
    ),
    Kind(
        "consoles",
        "Consoles",
        "gaming",
        None,
        "console",
        5,
        (120, 550),
        "storage_gb",
        (512, 825, 1024),
        "{} GB",
    ),
    Kind(
        "cameras",
        "Cameras",
        "photo",
        85,
        "camera",
        5,
        (200, 3000),
        "edition",
        ("Body only", "Kit lens", "Creator kit"),
        "{}",
    ),
]


def _variant_schema(kind: Kind) -> dict:
    axis = {"type": "integer", "enum": list(kind.axis_values)}
    if not isinstance(kind.axis_values[0], int):
        axis = {"type": "string", "enum": list(kind.axis_values)}
    return {
        "type": "object",
        "properties": {kind.axis: axis, "colour": {"type": "string"}},
        "required": [kind.axis, "colour"],
        "additionalProperties": False,
    }


def counts() -> dict[str, int]:
    from comeback.accounts.models import User
    from comeback.catalog.models import ProductModel, Variant
    from comeback.offers.models import Offer
    from comeback.sellers.models import Seller

    return {
        "products": ProductModel.objects.count(),
        "variants": Variant.objects.count(),
        "sellers": Seller.objects.count(),
        "offers": Offer.objects.count(),
        "users": User.objects.count(),
    }


def _batched(objs: list, model, desc: str) -> list:
    """bulk_create in batches, one transaction, with a progress bar; returns the saved objects (with pks)."""
    out = []
    with transaction.atomic(), tqdm(total=len(objs), desc=desc, unit="row", unit_scale=True) as bar:
        for i in range(0, len(objs), BATCH):
            chunk = objs[i : i + BATCH]
            out.extend(model.objects.bulk_create(chunk))
            bar.update(len(chunk))
    return out


def seed(*, variants: int, offers: int, sellers: int, variants_per_product: int = 6) -> dict[str, int]:
    """Create the catalogue in an empty, migrated database. Deterministic for the same arguments."""
    from django.contrib.auth.hashers import make_password

    from comeback.accounts.models import User
    from comeback.catalog.models import Brand, Category, ProductModel, Variant
    from comeback.core import clock
    from comeback.offers.models import Offer
    from comeback.sellers.models import Seller, SellerStatus

    rng = random.Random(SEED)
    now = clock.now()
    market_codes = list(MARKET_WEIGHTS)

    # Categories and brands: a handful, created one by one.
    parents = {}
    for order, (slug, name) in enumerate(PARENTS.items()):
        parents[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order, "battery_floor": None}
        )
    categories = {}
    for order, kind in enumerate(KINDS):
        categories[kind.slug], _ = Category.objects.get_or_create(
            slug=kind.slug,
            defaults={
                "name": kind.name,
                "parent": parents[kind.parent],
                "battery_floor": kind.battery_floor,
                "illustration": kind.illustration,
                "sort_order": order,
                "variant_schema": _variant_schema(kind),
            },
        )
    brands = [Brand.objects.get_or_create(slug=slugify(b), defaults={"name": b})[0] for b in BRANDS]

    # Product models: enough of them for the requested variants.
    n_products = -(-variants // variants_per_product)
    kinds = rng.choices(KINDS, weights=[k.share for k in KINDS], k=n_products)
    slugs: set[str] = set()
    products, product_kind, base_price = [], [], []
    for i, kind in enumerate(kinds):
        brand = rng.choice(brands)
        name = f"{rng.choice(SERIES)} {rng.randint(1, 40)} {rng.choice(SUFFIXES)}".strip()
        slug = slugify(f"{brand.name} {name}")
        if slug in slugs:
            name = f"{name} ({2000 + i % 26})"
            slug = slugify(f"{brand.name} {name} {i}")
        slugs.add(slug)
        category = categories[kind.slug]
        products.append(
            ProductModel(
                category=category,
                brand=brand,
                name=name,
                slug=slug,
                description=f"{brand.name} {name}, refurbished and tested.",
                release_date=(now - timedelta(days=rng.randint(200, 3000))).date(),
                origin=rng.choice(["CN", "VN", "IN", "KR", "TW", "JP", "US"]),
                attributes={},
                weight_grams=rng.randint(30, 2500),
                search_text=f"{brand.name} {name} {category.name} {PARENTS[kind.parent]}",
            )
        )
        product_kind.append(kind)
        base_price.append(rng.randint(*kind.base_price_eur))
    products = _batched(products, ProductModel, "models  ")

    variant_objs, variant_price = [], []
    for p, kind, price in zip(products, product_kind, base_price, strict=True):
        colours = rng.sample(COLOURS, 2)
        combos = [(a, c) for a in kind.axis_values for c in colours][:variants_per_product]
        for step, (axis_value, colour) in enumerate(combos):
            if len(variant_objs) >= variants:
                break
            variant_objs.append(
                Variant(
                    product=p,
                    attributes={kind.axis: axis_value, "colour": colour},
                    label=f"{kind.axis_label.format(axis_value)} · {colour}",
                    sku=f"BENCH-{p.pk:06d}-{step}",
                )
            )
            variant_price.append(price * (1 + 0.15 * (step // 2)))
    variant_objs = _batched(variant_objs, Variant, "variants")

    # Sellers: one login each, all with the same password hash (hashing 1,000 times would dominate).
    password = make_password(PASSWORD)
    users = _batched(
        [
            User(email=f"seller{i}@{EMAIL_DOMAIN}", name=f"Bench seller {i}", password=password)
            for i in range(sellers)
        ],
        User,
        "users   ",
    )
    seller_objs = []
    for i, user in enumerate(users):
        home = rng.choices(market_codes, weights=list(MARKET_WEIGHTS.values()))[0]
        sells_in = sorted({home, *rng.sample(market_codes, rng.randint(0, 4))})
        status = rng.choices(
            [SellerStatus.FULL, SellerStatus.PROBATION, SellerStatus.SUSPENDED], weights=[85, 10, 5]
        )[0]
        rating_count = rng.randint(0, 3000)
        seller_objs.append(
            Seller(
                user=user,
                legal_name=f"Bench Refurb {i:04d} SAS",
                display_name=f"Bench Refurb {i:04d}",
                slug=f"bench-refurb-{i:04d}",
                country=home,
                markets=sells_in,
                status=status,
                company_registration=f"BR{i:08d}",
                default_handling_days=rng.randint(1, 3),
                rating_count=rating_count,
                rating_sum=int(rating_count * rng.uniform(3.2, 4.95)),
                quality_score=round(rng.uniform(0.4, 1.0), 4) if rng.random() < 0.8 else None,
                verified_at=now - timedelta(days=rng.randint(1, 900)),
            )
        )
        if status == SellerStatus.PROBATION:
            # bulk_create skips Seller.save(), which would derive the deadline: set both dates here.
            seller_objs[-1].probation_started_at = now - timedelta(days=rng.randint(0, 35))
            seller_objs[-1].probation_ends_at = seller_objs[-1].probation_started_at + timedelta(days=40)
    seller_objs = _batched(seller_objs, Seller, "sellers ")
    by_market: dict[str, list[int]] = {m: [s.pk for s in seller_objs if m in s.markets] for m in market_codes}

    # Offers: log-normal popularity per model decides how many offers each variant gets.
    popularity = [min(rng.lognormvariate(0, 0.9), 8.0) for _ in products]
    weight_of = {p.pk: w for p, w in zip(products, popularity, strict=True)}
    weights = [weight_of[v.product_id] for v in variant_objs]
    total_w = sum(weights)
    per_variant = [max(1, round(offers * w / total_w)) for w in weights]
    drift = offers - sum(per_variant)
    order = sorted(range(len(per_variant)), key=lambda i: -weights[i])
    i = 0
    while drift:
        j = order[i % len(order)]
        if drift > 0 or per_variant[j] > 1:
            per_variant[j] += 1 if drift > 0 else -1
            drift += -1 if drift > 0 else 1
        i += 1

    kind_of_product = {p.pk: k for p, k in zip(products, product_kind, strict=True)}
    rows = _offer_rows(
        rng,
        variants=[(v.pk, kind_of_product[v.product_id]) for v in variant_objs],
        per_variant=per_variant,
        variant_price=variant_price,
        by_market=by_market,
        now=now,
    )
    insert_rows(Offer, OFFER_COLUMNS, rows, total=offers, desc="offers→db")
    analyze()
    return counts()


# The offer columns the seeding writes, in the order _offer_rows yields them.
OFFER_COLUMNS = (
    "seller_id",
    "variant_id",
    "market_id",
    "grade",
    "price_amount",
    "currency",
    "quantity",
    "battery_health_min",
    "warranty_months",
    "handling_days",
    "status",
    "published_at",
    "created_at",
    "updated_at",
)


def _offer_rows(rng, *, variants, per_variant, variant_price, by_market, now):
    """One tuple per offer, generated lazily: 2,000,000 model instances would cost minutes and gigabytes."""
    from comeback.offers.models import OfferStatus

    market_codes = list(MARKET_WEIGHTS)
    grades = list(GRADE_WEIGHTS)
    # Cumulative weights once, instead of choices() summing the weights on each of millions of calls.
    market_cum = list(accumulate(MARKET_WEIGHTS.values()))
    grade_cum = list(accumulate(GRADE_WEIGHTS.values()))
    statuses = [OfferStatus.ACTIVE.value, OfferStatus.PAUSED.value, OfferStatus.WITHDRAWN.value]
    status_cum = list(accumulate([92, 4, 4]))
    published = [now - timedelta(days=d) for d in range(401)]
    choices, choice, randint, uniform, random_ = rng.choices, rng.choice, rng.randint, rng.uniform, rng.random
    for (variant_id, kind), n, eur in zip(variants, per_variant, variant_price, strict=True):
        taken: set[tuple[int, str, str]] = set()
        while len(taken) < n:
            market = choices(market_codes, cum_weights=market_cum)[0]
            grade = choices(grades, cum_weights=grade_cum)[0]
            seller_id = choice(by_market[market])
            key = (seller_id, market, grade)
            if key in taken:
                continue
            taken.add(key)
            minor, currency = MINOR_PER_EURO[market]
            amount = round(eur * GRADE_PRICE[grade] * uniform(0.88, 1.12) * minor)
            if kind.battery_floor is None:
                battery = None
            else:
                battery = randint(90, 100) if grade == "premium" else randint(kind.battery_floor, 100)
            yield (
                seller_id,
                variant_id,
                market,
                grade,
                max(1, amount),
                currency,
                0 if random_() < 0.08 else randint(1, 25),
                battery,
                choice((12, 12, 12, 18, 24)),
                randint(1, 3),
                choices(statuses, cum_weights=status_cum)[0],
                published[randint(0, 400)],
                now,
                now,
            )


def insert_rows(model, columns: tuple[str, ...], rows: Iterable[tuple], *, total: int, desc: str) -> None:
    """Insert generated tuples into the model's table in one transaction, with a progress bar.

    PostgreSQL: COPY FROM STDIN (psycopg 3's `cursor.copy`), an order of magnitude faster than INSERTs built by
    the ORM (~1,100 rows/s measured for offers under load). SQLite: executemany in batches.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with (
        transaction.atomic(),
        connection.cursor() as cur,
        tqdm(total=total, desc=desc, unit="row", unit_scale=True) as bar,
    ):
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for n, row in enumerate(rows, 1):
                    copy.write_row(row)
                    if not n % BATCH:
                        bar.update(BATCH)
                bar.update(bar.total - bar.n)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        rows = iter(rows)
        while chunk := list(islice(rows, BATCH)):
            cur.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in chunk])
            bar.update(len(chunk))


def _sqlite_value(value):
    # Stored as Django stores them (UTC, ISO text), which the sqlite3 module no longer does by default.
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` would in production.

    PostgreSQL also gets a VACUUM: after a bulk load no page is marked all-visible, so an index-only scan still
    reads the table (measured at 10×: 38,912 heap fetches for 33,333 product models in one product page query).
    """
    # VACUUM cannot run in a transaction (a test's): there, statistics alone.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def sample() -> dict:
    """What the load scenarios need from the catalogue: products with their popularity, brands, categories."""
    from django.db.models import Count

    from comeback.catalog.models import Brand, Category, ProductModel
    from comeback.offers.models import Offer

    popularity = Counter(
        {
            row["variant__product_id"]: row["n"]
            for row in Offer.objects.values("variant__product_id").annotate(n=Count("id"))
        }
    )
    products = list(ProductModel.objects.values("id", "slug", "name", "brand__name", "category__slug"))
    return {
        "products": products,
        "popularity": popularity,
        "brands": list(Brand.objects.values_list("name", flat=True)),
        "categories": list(Category.objects.filter(parent__isnull=False).values_list("slug", flat=True))
        or list(Category.objects.values_list("slug", flat=True)),
        "series": SERIES,
    }
