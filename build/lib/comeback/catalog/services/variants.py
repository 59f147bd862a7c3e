"""Variants: their attributes key and label, creating one, assigning its GTIN."""

from __future__ import annotations

import hashlib
import json
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import ids

from .. import kept
from ..models import ProductModel, Variant
from .indexing import _reindex_on_commit
from .products import _gtin
from .validation import _err, _raise_if, _taken, validate_attributes


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
            if moved:
                kept.changed()  # an UPDATE sends no signal: the product pages' kept variants are read again
    except IntegrityError as exc:
        raise _taken("gtin", "gtin_taken", _("Another variant has GTIN %s.") % gtin) from exc
    if moved:
        return gtin
    return Variant.objects.filter(pk=variant.pk).values_list("gtin", flat=True).get()
