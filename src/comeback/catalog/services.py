"""Writes of the catalogue: categories, brands, product models, variants and the search index (docs/design.md §2).

What a model or variant carries is checked against its category's JSON Schemas (draft 2020-12), so the
engine never assumes a phone. Every create runs in one transaction and re-indexes the product for search
after commit (docs/design.md §5: reindexing is a side effect); indexing is idempotent.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from comeback.core import ids, locales, outbox
from comeback.core.problems import Conflict, Invalid

from . import conditions, search
from . import energy_label as energy_label_rules
from . import textile as textile_rules
from .models import Brand, Category, CategoryKind, ProductModel, TradeInQuestionnaire, Variant

log = logging.getLogger(__name__)

SLUG = re.compile(r"^[-a-z0-9_]+$")
INDEX_BATCH = 2_000  # products per batch when rebuilding the search index
MAX_WEIGHT_GRAMS = 1_000_000
COUNTRIES = locales.COUNTRY_CODES

Progress = Callable[..., Iterable]


# Errors ---------------------------------------------------------------------------------------------------


def _err(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": str(message)}


def _raise_if(errors: list[dict]) -> None:
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)


def _taken(field: str, code: str, message: str, **extra) -> Conflict:
    return Conflict(message, code=code, errors=[_err(field, code, message)], **extra)


# Attribute schemas ----------------------------------------------------------------------------------------


def check_schema(schema, *, field: str) -> dict:
    """A category's schema must itself be a valid JSON Schema object (an empty one accepts anything)."""
    schema = schema if schema is not None else {}
    if not isinstance(schema, dict):
        raise Invalid.field(field, "invalid_schema", _("A schema is a JSON object."))
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise Invalid.field(field, "invalid_schema", _("Not a valid JSON Schema: %s") % exc.message) from exc
    return schema


def _message(error) -> tuple[str, str]:
    """A human message and a code for one jsonschema error."""
    kind, value = error.validator, error.validator_value
    if kind == "enum":
        return "attribute_not_allowed", _("Must be one of: %s.") % ", ".join(str(v) for v in value)
    if kind == "type":
        kinds = value if isinstance(value, list) else [value]
        return "attribute_type", _("Must be of type %s.") % " or ".join(kinds)
    if kind in {"minimum", "exclusiveMinimum"}:
        return "attribute_too_small", _("Must be at least %s.") % value
    if kind in {"maximum", "exclusiveMaximum"}:
        return "attribute_too_large", _("Must be at most %s.") % value
    if kind in {"minLength", "maxLength", "pattern", "format"}:
        return "attribute_format", error.message
    return "attribute_invalid", error.message


def validate_attributes(schema: dict, attributes, *, field: str = "attributes") -> list[dict]:
    """One error per failing attribute, named `attributes.<name>`; empty when valid."""
    if not isinstance(attributes, dict):
        return [_err(field, "attributes_not_object", _("Attributes are a JSON object of name → value."))]
    if not schema:
        return []
    errors: dict[str, dict] = {}
    props = schema.get("properties", {}) if isinstance(schema.get("properties"), dict) else {}
    for error in sorted(
        Draft202012Validator(schema).iter_errors(attributes), key=lambda e: list(map(str, e.path))
    ):
        if error.path:
            name = str(error.path[0])
            code, message = _message(error)
            errors.setdefault(name, _err(f"{field}.{name}", code, message))
        elif error.validator == "required":
            for name in error.validator_value:
                if name not in attributes:
                    errors.setdefault(
                        name, _err(f"{field}.{name}", "attribute_required", _("This attribute is required."))
                    )
        elif error.validator == "additionalProperties":
            for name in attributes:
                if name not in props and not any(
                    re.search(p, name) for p in schema.get("patternProperties", {})
                ):
                    errors.setdefault(
                        name,
                        _err(
                            f"{field}.{name}", "attribute_unknown", _("Unknown attribute for this category.")
                        ),
                    )
        else:
            errors.setdefault("", _err(field, "attributes_invalid", error.message))
    return list(errors.values())


# Categories and brands ------------------------------------------------------------------------------------


def create_category(
    *,
    slug: str,
    name: str,
    parent: Category | None = None,
    kind: str = CategoryKind.DEVICE,
    battery_floor: int | None = None,
    attribute_schema: dict | None = None,
    variant_schema: dict | None = None,
    illustration: str = "generic",
    sort_order: int = 0,
    condition_scheme: str | None = None,
    tradein_questionnaire: str | None = None,
) -> Category:
    """A category; its condition scheme and trade-in questionnaire default to its kind's (apparel → apparel and
    garment, accessory → accessory and device, else device)."""
    if tradein_questionnaire is None:
        tradein_questionnaire = (
            TradeInQuestionnaire.GARMENT if kind == CategoryKind.APPAREL else TradeInQuestionnaire.DEVICE
        )
    if condition_scheme is None:
        condition_scheme = {
            CategoryKind.APPAREL: conditions.APPAREL.code,
            CategoryKind.ACCESSORY: conditions.ACCESSORY.code,
        }.get(kind, conditions.DEFAULT_SCHEME)
    errors = []
    if not slug or not SLUG.match(slug):
        errors.append(_err("slug", "invalid_slug", _("Use lower-case letters, digits and hyphens.")))
    if not (name or "").strip():
        errors.append(_err("name", "required", _("A category needs a name.")))
    if kind not in CategoryKind.values:
        errors.append(
            _err("kind", "invalid_kind", _("Kind must be one of %s.") % ", ".join(CategoryKind.values))
        )
    if tradein_questionnaire not in TradeInQuestionnaire.values:
        errors.append(
            _err(
                "tradein_questionnaire",
                "invalid_questionnaire",
                _("Trade-in questionnaire must be one of %s.") % ", ".join(TradeInQuestionnaire.values),
            )
        )
    if battery_floor is not None and not 0 <= battery_floor <= 100:
        errors.append(
            _err("battery_floor", "battery_floor_range", _("A battery floor is a percentage, 0 to 100."))
        )
    if condition_scheme not in conditions.SCHEMES:
        errors.append(
            _err(
                "condition_scheme",
                "invalid_condition_scheme",
                _("Condition scheme must be one of %s.") % ", ".join(conditions.SCHEMES),
            )
        )
    elif battery_floor is not None and not conditions.SCHEMES[condition_scheme].has_battery:
        errors.append(
            _err(
                "battery_floor",
                "battery_not_applicable",
                _("This condition scheme has no battery; leave the battery floor empty."),
            )
        )
    _raise_if(errors)
    attribute_schema = check_schema(attribute_schema, field="attribute_schema")
    variant_schema = check_schema(variant_schema, field="variant_schema")
    try:
        with transaction.atomic():
            return Category.objects.create(
                slug=slug,
                name=name.strip(),
                parent=parent,
                kind=kind,
                battery_floor=battery_floor,
                attribute_schema=attribute_schema,
                variant_schema=variant_schema,
                illustration=illustration,
                sort_order=sort_order,
                condition_scheme=condition_scheme,
                tradein_questionnaire=tradein_questionnaire,
            )
    except IntegrityError as exc:
        raise _taken("slug", "slug_taken", _("A category with slug %s already exists.") % slug) from exc


def create_brand(*, name: str, slug: str | None = None) -> Brand:
    name = (name or "").strip()
    slug = slug or slugify(name)
    errors = []
    if not name:
        errors.append(_err("name", "required", _("A brand needs a name.")))
    if not slug or not SLUG.match(slug):
        errors.append(_err("slug", "invalid_slug", _("Use lower-case letters, digits and hyphens.")))
    _raise_if(errors)
    try:
        with transaction.atomic():
            return Brand.objects.create(name=name, slug=slug)
    except IntegrityError as exc:
        raise _taken("name", "brand_exists", _("The brand %s already exists.") % name) from exc


# Product models -------------------------------------------------------------------------------------------


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


# Variants -------------------------------------------------------------------------------------------------


def attributes_key(attributes: dict) -> str:
    canonical = json.dumps(attributes, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def variant_label(schema: dict, attributes: dict) -> str:
    """'128 GB · Black' from the attributes, in schema order; a property may give `"x-label": "{} GB"`."""
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    names = [n for n in props if n in attributes] + [n for n in attributes if n not in props]
    parts = []
    for n in names:
        value = attributes[n]
        if isinstance(value, dict | list) or value is None:
            continue
        fmt = props.get(n, {}).get("x-label") if isinstance(props.get(n), dict) else None
        if isinstance(value, bool):
            parts.append(str(props.get(n, {}).get("title", n.replace("_", " "))) if value else "")
        else:
            parts.append(fmt.format(value) if isinstance(fmt, str) and "{}" in fmt else str(value))
    return " · ".join(p for p in parts if p)[:120] or _("Standard")


def create_variant(
    *,
    product: ProductModel,
    attributes: dict,
    label: str | None = None,
    sku: str | None = None,
    gtin: str | None = None,
) -> Variant:
    """Create a sellable variant; its attributes follow the category's variant schema and are unique per model."""
    errors = validate_attributes(product.category.variant_schema, attributes)
    gtin = _gtin(gtin, "gtin", errors)
    if sku is not None and not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", sku):
        errors.append(
            _err("sku", "invalid_sku", _("A SKU is 1 to 64 letters, digits, dots, dashes or underscores."))
        )
    if label is not None and not label.strip():
        errors.append(_err("label", "required", _("A label cannot be blank.")))
    _raise_if(errors)
    key = attributes_key(attributes)
    try:
        with transaction.atomic():
            variant = Variant.objects.create(
                product=product,
                attributes=attributes,
                attributes_key=key,
                gtin=gtin,
                label=(label or variant_label(product.category.variant_schema, attributes)).strip()[:120],
                sku=sku or ids.public_ref("CB", 10),
            )
            _reindex_on_commit(product.pk)
    except IntegrityError as exc:
        existing = (
            Variant.objects.filter(product=product, attributes_key=key).values_list("pk", flat=True).first()
        )
        if existing is not None:
            raise _taken(
                "attributes",
                "variant_exists",
                _("This model already has a variant with these attributes (variant %s).") % existing,
                variant_id=existing,
            ) from exc
        if gtin and Variant.objects.filter(gtin=gtin).exists():
            raise _taken("gtin", "gtin_taken", _("Another variant has GTIN %s.") % gtin) from exc
        if sku and Variant.objects.filter(sku=sku).exists():
            raise _taken("sku", "sku_taken", _("Another variant has SKU %s.") % sku) from exc
        raise
    return variant


def assign_variant_gtin(*, variant: Variant, gtin: str) -> str:
    """Give a variant without a GTIN this one (GS1: one GTIN per trade item). A guarded UPDATE: when the
    variant got one meanwhile, that one stays and is returned; a GTIN another variant holds is refused."""
    gtin = ids.normalise_gtin(gtin)
    try:
        with transaction.atomic():
            moved = Variant.objects.filter(pk=variant.pk, gtin__isnull=True).update(gtin=gtin)
    except IntegrityError as exc:
        raise _taken("gtin", "gtin_taken", _("Another variant has GTIN %s.") % gtin) from exc
    if moved:
        return gtin
    return Variant.objects.filter(pk=variant.pk).values_list("gtin", flat=True).get()


# Search index ---------------------------------------------------------------------------------------------


def _category_names() -> dict[int, list[str]]:
    """Each category's name and its ancestors' names, for the search text (one query)."""
    rows = {c["id"]: c for c in Category.objects.values("id", "name", "slug", "parent_id")}
    out: dict[int, list[str]] = {}
    for cid in rows:
        names, seen, node = [], set(), rows.get(cid)
        while node is not None and node["id"] not in seen:
            seen.add(node["id"])
            names.append(node["name"])
            node = rows.get(node["parent_id"])
        out[cid] = names
    return out


def _scalars(attributes) -> list[str]:
    if not isinstance(attributes, dict):
        return []
    return [
        str(v) for v in attributes.values() if isinstance(v, str | int | float) and not isinstance(v, bool)
    ]


def _text(
    *,
    brand: str,
    name: str,
    categories: list[str],
    gtin: str | None,
    attributes,
    variants: Iterable[tuple[str, dict, str, str | None]],
    fits: Iterable[str] = (),
) -> str:
    # An accessory is found by the models it fits ("coque iphone 13"), ranked below the models themselves.
    body: list[str] = list(categories) + _scalars(attributes) + list(fits)
    if gtin:
        body.append(gtin)
    for label, v_attrs, sku, v_gtin in variants:
        body += [label, *_scalars(v_attrs), sku]
        if v_gtin:
            body.append(v_gtin)
    # Keep each word once: the body is for recall; the title decides the rank.
    seen, words = set(), []
    for w in " ".join(body).split():
        if w.casefold() not in seen:
            seen.add(w.casefold())
            words.append(w)
    return f"{brand} {name}\n{' '.join(words)}"


def build_search_text(product: ProductModel, *, categories: dict[int, list[str]] | None = None) -> str:
    """'<brand> <name>' on the first line (the title), then category, attributes, variants and codes."""
    categories = categories if categories is not None else _category_names()
    return _text(
        brand=product.brand.name,
        name=product.name,
        categories=categories.get(product.category_id, []),
        gtin=product.gtin,
        attributes=product.attributes,
        variants=[(v.label, v.attributes, v.sku, v.gtin) for v in product.variants.all()],
        fits=[f"{p.brand.name} {p.name}" for p in product.compatible_with.select_related("brand")],
    )


def _split(text: str) -> tuple[str, str]:
    title, _sep, body = (text or "").partition("\n")
    return title, body


def _store(texts: dict[int, str], *, fresh: bool = False) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "UPDATE catalog_productmodel AS p SET search_text = v.t "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, t) WHERE p.id = v.id",
                [list(texts), list(texts.values())],
            )
        else:
            cur.executemany(
                "UPDATE catalog_productmodel SET search_text = %s WHERE id = %s",
                [(t, pid) for pid, t in texts.items()],
            )
    rows = [(pid, *_split(t)) for pid, t in texts.items()]
    if fresh:
        search.insert(rows)
    else:
        search.replace(rows)


def _texts_for(product_ids: list[int], categories: dict[int, list[str]]) -> dict[int, str]:
    variants: dict[int, list] = {pid: [] for pid in product_ids}
    for pid, label, attrs, sku, gtin in (
        Variant.objects.filter(product_id__in=product_ids)
        .order_by("product_id", "id")
        .values_list("product_id", "label", "attributes", "sku", "gtin")
    ):
        variants[pid].append((label, attrs, sku, gtin))
    fits: dict[int, list[str]] = defaultdict(list)
    for pid, brand, name in ProductModel.compatible_with.through.objects.filter(
        from_productmodel_id__in=product_ids
    ).values_list("from_productmodel_id", "to_productmodel__brand__name", "to_productmodel__name"):
        fits[pid].append(f"{brand} {name}")
    texts = {}
    for pid, brand, name, category_id, gtin, attrs in ProductModel.objects.filter(
        pk__in=product_ids
    ).values_list("pk", "brand__name", "name", "category_id", "gtin", "attributes"):
        texts[pid] = _text(
            brand=brand,
            name=name,
            categories=categories.get(category_id, []),
            gtin=gtin,
            attributes=attrs,
            variants=variants.get(pid, []),
            fits=fits.get(pid, ()),
        )
    return texts


def reindex_products(product_ids: Iterable[int]) -> int:
    """(Re)index these products for search; ids that no longer exist leave the index. Idempotent."""
    wanted = sorted({int(i) for i in product_ids})
    if not wanted:
        return 0
    with transaction.atomic():
        texts = _texts_for(wanted, _category_names())
        _store(texts)
        search.remove(set(wanted) - set(texts))
    return len(texts)


def _reindex_on_commit(product_id: int) -> None:
    # robust: a failed reindex must not turn a committed create into an error; rebuild_search_index repairs.
    transaction.on_commit(lambda: reindex_products([product_id]), robust=True)


def rebuild_search_index(progress: Progress | None = None) -> int:
    """Rebuild the whole index from the catalogue, in batches: for bulk loads (seeders, benchmark).

    `progress(iterable, desc=...)` wraps the batches (e.g. tqdm). Returns the number of products indexed.
    """
    all_ids = list(ProductModel.objects.order_by("pk").values_list("pk", flat=True))
    batches: Iterable[list[int]] = [all_ids[i : i + INDEX_BATCH] for i in range(0, len(all_ids), INDEX_BATCH)]
    if progress is not None:
        batches = progress(batches, desc="search index")
    categories = _category_names()
    done = 0
    with transaction.atomic():
        search.clear()
        for batch in batches:
            texts = _texts_for(batch, categories)
            _store(texts, fresh=True)
            done += len(texts)
    search.optimise()
    return done
