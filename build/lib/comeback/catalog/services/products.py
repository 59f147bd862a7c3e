"""Product models: creating one (checked against its category), its textile facts and compatibility."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comeback.core import ids, outbox
from comeback.core.problems import Invalid

from .. import energy_label as energy_label_rules
from .. import kept
from .. import textile as textile_rules
from ..models import Brand, Category, CategoryKind, ProductModel
from .indexing import _reindex_on_commit
from .validation import COUNTRIES, MAX_WEIGHT_GRAMS, SLUG, _err, _raise_if, _taken, validate_attributes


def _gtin(value: str | None, field: str, errors: list[dict]) -> str | None:
    if value in (None, ""):
        return None
    try:
        return ids.normalise_gtin(str(value))
    except ValueError as exc:
        errors.append(_err(field, "invalid_gtin", _("Invalid GTIN: %s.") % exc))
        return None


def check_materials(materials, errors: list[dict]) -> list[dict]:
    """[{"material": "aluminium", "percent": 24}, …]; percentages are positive and sum to at most 100."""
    out, total = [], Decimal(0)
    if not isinstance(materials, list | tuple):
        errors.append(
            _err("materials", "materials_invalid", _("Materials are a list of {material, percent}."))
        )
        return out
    for i, item in enumerate(materials):
        if not isinstance(item, dict) or not str(item.get("material", "")).strip():
            errors.append(_err(f"materials.{i}.material", "material_required", _("Name the material.")))
            continue
        try:
            pct = Decimal(str(item.get("percent")))
            if not pct.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append(_err(f"materials.{i}.percent", "percent_invalid", _("A percentage is a number.")))
            continue
        if not 0 < pct <= 100:
            errors.append(
                _err(f"materials.{i}.percent", "percent_range", _("A percentage is above 0 and at most 100."))
            )
            continue
        total += pct
        value = int(pct) if pct == pct.to_integral_value() else float(pct)
        out.append({"material": str(item["material"]).strip()[:60], "percent": value})
    if total > 100:
        errors.append(
            _err(
                "materials",
                "materials_over_100",
                _("Material percentages add up to %s%%, more than 100%%.") % total.normalize(),
            )
        )
    return out


def _free_slug(base: str) -> str:
    """`base`, or `base-2`, `base-3`… whichever is not taken yet (the unique index still decides)."""
    taken = set(ProductModel.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_product(
    *,
    category: Category,
    brand: Brand,
    name: str,
    slug: str | None = None,
    release_date: date | None = None,
    end_of_placement: date | None = None,
    gtin: str | None = None,
    materials: Iterable[dict] = (),
    origin: str = "",
    attributes: dict | None = None,
    description: str = "",
    weight_grams: int | None = None,
    compatible_with: Iterable[ProductModel] = (),
    energy_label: dict | None = None,
    textile: dict | None = None,
) -> ProductModel:
    """Create a product model after every catalogue rule holds; it is indexed for search after commit."""
    errors: list[dict] = []
    name = (name or "").strip()
    attributes = {} if attributes is None else attributes
    if not name:
        errors.append(_err("name", "required", _("A product needs a name.")))
    elif len(name) > 120:
        errors.append(_err("name", "too_long", _("At most 120 characters.")))
    if slug is not None and (not SLUG.match(slug) or len(slug) > 140):
        errors.append(_err("slug", "invalid_slug", _("Use lower-case letters, digits and hyphens.")))
    if release_date and end_of_placement and end_of_placement < release_date:
        errors.append(
            _err(
                "end_of_placement",
                "end_before_release",
                _("The end of placement cannot be before the release date."),
            )
        )
    gtin = _gtin(gtin, "gtin", errors)
    materials = check_materials(
        list(materials) if not isinstance(materials, list | tuple) else materials, errors
    )
    origin = (origin or "").strip().upper()
    if origin and origin not in COUNTRIES:
        errors.append(_err("origin", "invalid_country", _("Origin is an ISO 3166-1 alpha-2 country code.")))
    if weight_grams is not None and not 0 < weight_grams <= MAX_WEIGHT_GRAMS:
        errors.append(_err("weight_grams", "weight_range", _("Weight is a positive number of grams.")))
    errors += validate_attributes(category.attribute_schema, attributes)
    label, label_errors = energy_label_rules.check(energy_label)
    errors += label_errors
    if label and not energy_label_rules.applies_to(category):
        errors.append(
            _err("energy_label", "energy_label_out_of_scope", _("Only phones and tablets carry this label."))
        )
    facts, textile_errors = textile_rules.check(textile)
    errors += textile_errors
    if facts and not textile_rules.applies_to(category):
        errors.append(
            _err("textile", "textile_out_of_scope", _("Only clothing, shoes and bags carry textile facts."))
        )
    fits = list(compatible_with)
    if fits and category.kind != CategoryKind.ACCESSORY:
        errors.append(
            _err("compatible_with", "not_an_accessory", _("Only accessories list the models they fit."))
        )
    _raise_if(errors)

    chosen = slug or _free_slug((slugify(f"{brand.name} {name}") or "product")[:130])
    try:
        with transaction.atomic():
            product = ProductModel.objects.create(
                category=category,
                brand=brand,
                name=name,
                slug=chosen,
                release_date=release_date,
                end_of_placement=end_of_placement,
                gtin=gtin,
                materials=materials,
                origin=origin,
                attributes=attributes,
                description=description or "",
                weight_grams=weight_grams,
                energy_label=label,
                textile=facts,
            )
            if fits:
                product.compatible_with.set(fits)
            _reindex_on_commit(product.pk)
    except IntegrityError as exc:
        if gtin and ProductModel.objects.filter(gtin=gtin).exists():
            raise _taken("gtin", "gtin_taken", _("Another product has GTIN %s.") % gtin) from exc
        if ProductModel.objects.filter(slug=chosen).exists():
            raise _taken("slug", "slug_taken", _("Another product uses the slug %s.") % chosen) from exc
        raise
    return product


TEXTILE_TOPIC = "catalog.model.textile"  # the product page shows them: storefront/handlers.py makes it stale


def set_textile(*, product: ProductModel, textile: dict | None) -> ProductModel:
    """Replace a garment model's textile facts (fibres, stages, care) as a whole; {} or None clears them.

    They are the model's, shown by every unit's passport (docs/passports.md "The garment passport")."""
    facts, errors = textile_rules.check(textile)
    if facts and not textile_rules.applies_to(product.category):
        errors.append(
            _err("textile", "textile_out_of_scope", _("Only clothing, shoes and bags carry textile facts."))
        )
    _raise_if(errors)
    with transaction.atomic():
        ProductModel.objects.filter(pk=product.pk).update(textile=facts)
        kept.changed()  # an UPDATE sends no signal: the product pages' kept model must be read again
        outbox.emit(TEXTILE_TOPIC, product_id=product.pk, slug=product.slug)
    product.textile = facts
    return product


def set_compatibility(*, accessory: ProductModel, fits: Iterable[ProductModel]) -> None:
    """Replace the models an accessory fits (a strap fits watches, a case fits phones)."""
    fits = list(fits)
    if accessory.category.kind != CategoryKind.ACCESSORY:
        raise Invalid.field(
            "compatible_with", "not_an_accessory", _("Only accessories list the models they fit.")
        )
    if any(p.pk == accessory.pk for p in fits):
        raise Invalid.field("compatible_with", "fits_itself", _("An accessory cannot fit itself."))
    with transaction.atomic():
        accessory.compatible_with.set(fits)
        _reindex_on_commit(accessory.pk)
