"""The demo catalogue in the database: categories and brands brought up to date, product models and their
variants created, with descriptions and energy labels.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from django.conf import settings
from django.utils.text import slugify

from comeback.core import ids

from .. import catalog
from ..catalog import fashion
from .context import MODEL_GTIN_CATEGORIES, DemoContext


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
