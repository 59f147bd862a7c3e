"""Categories and brands."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import conditions
from ..models import Brand, Category, CategoryKind, TradeInQuestionnaire
from .validation import SLUG, _err, _raise_if, _taken, check_schema


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
