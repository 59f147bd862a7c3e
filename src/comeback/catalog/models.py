"""Catalogue: a category tree, brands, product models and the variants that are sold (DESIGN.md §2 Catalogue).

Nothing here assumes a phone: what a model and a variant carry is described by its category's schemas.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryKind(models.TextChoices):
    # What a category sells; accessories link to the models they fit (ProductModel.compatible_with).
    DEVICE = "device", _("Device")
    ACCESSORY = "accessory", _("Accessory")
    APPAREL = "apparel", _("Apparel")


class Category(models.Model):
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=CategoryKind.choices, default=CategoryKind.DEVICE)
    # JSON Schema (draft 2020-12) for ProductModel.attributes and Variant.attributes in this category.
    attribute_schema = models.JSONField(default=dict, blank=True)
    variant_schema = models.JSONField(default=dict, blank=True)
    # Minimum guaranteed battery health an offer may state; null = the category has no battery (e.g. jackets).
    battery_floor = models.PositiveSmallIntegerField(null=True, blank=True)
    illustration = models.CharField(max_length=40, default="generic", help_text=_("SVG illustration key."))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(battery_floor__isnull=True) | models.Q(battery_floor__lte=100),
                name="category_battery_floor_pct",
            ),
            models.CheckConstraint(condition=models.Q(kind__in=CategoryKind.values), name="category_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_battery(self) -> bool:
        return self.battery_floor is not None


class Brand(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProductModel(models.Model):
    """A model as its maker sells it, e.g. 'iPhone 13'. Buyers pick a Variant of it."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    release_date = models.DateField(null=True, blank=True)
    end_of_placement = models.DateField(
        null=True, blank=True, help_text=_("Last day the maker placed it on the market; starts the parts obligation.")
    )
    gtin = models.CharField(max_length=14, null=True, blank=True, unique=True, help_text="GTIN-14, check digit valid")
    materials = models.JSONField(default=list, blank=True, help_text='[{"material": "aluminium", "percent": 24}]')
    origin = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 country of manufacture")
    attributes = models.JSONField(default=dict, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    # An accessory (strap, case, charger) lists the models it fits; a model's `accessories` are the reverse.
    compatible_with = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="accessories", verbose_name=_("compatible with")
    )
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["brand__name", "name"]
        indexes = [models.Index(fields=["category", "brand"])]

    def __str__(self) -> str:
        return f"{self.brand.name} {self.name}" if self.brand_id else self.name


class Variant(models.Model):
    """What is actually sold: a model in one configuration (storage, colour, size…)."""

    product = models.ForeignKey(ProductModel, on_delete=models.CASCADE, related_name="variants")
    attributes = models.JSONField(default=dict, blank=True)
    label = models.CharField(max_length=120, help_text=_("Human label, e.g. '128 GB · Midnight'."))
    sku = models.CharField(max_length=64, unique=True)
    gtin = models.CharField(max_length=14, null=True, blank=True, unique=True)
    # sha256 of the canonical attributes JSON, set by services.create_variant: the database refuses a second
    # variant with the same attributes of one model. Empty for rows bulk-loaded without it.
    attributes_key = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["product_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "attributes_key"], condition=~models.Q(attributes_key=""),
                name="variant_unique_attributes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.label}"
