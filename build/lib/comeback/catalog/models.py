"""Catalogue: a category tree, brands, product models and the variants that are sold (docs/design.md §2 Catalogue).

Nothing here assumes a phone: what a model and a variant carry is described by its category's schemas.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .conditions import DEFAULT_SCHEME, SCHEMES, ConditionScheme, of_category

# The parts obligation starts at a model's end of placement (docs/design.md §2 Repair): repair keeps the parts
# orderable for this long and trade-in routes a device to harvest while they are still needed.
PARTS_OBLIGATION_YEARS = 7


class CategoryKind(models.TextChoices):
    # What a category sells; accessories link to the models they fit (ProductModel.compatible_with).
    DEVICE = "device", _("Device")
    ACCESSORY = "accessory", _("Accessory")
    APPAREL = "apparel", _("Apparel")


class TradeInQuestionnaire(models.TextChoices):
    # The questions trade-in asks about a model of the category (tradein/conditions.py, tradein/garments.py).
    DEVICE = "device", _("Device: power, screen, body, functions, accounts")
    GARMENT = "garment", _("Garment: condition, stains, holes, pilling, size, brand label")


class Category(models.Model):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("kind"), max_length=12, choices=CategoryKind.choices, default=CategoryKind.DEVICE
    )
    # JSON Schema (draft 2020-12) for ProductModel.attributes and Variant.attributes in this category.
    attribute_schema = models.JSONField(default=dict, blank=True)
    variant_schema = models.JSONField(default=dict, blank=True)
    # How its items are graded (catalog/conditions.py): devices, or clothing, shoes and bags.
    condition_scheme = models.CharField(
        _("condition scheme"),
        max_length=16,
        choices=[(code, s.label) for code, s in SCHEMES.items()],
        default=DEFAULT_SCHEME,
    )
    # Minimum guaranteed battery health an offer may state; null = the category has no battery (e.g. jackets).
    battery_floor = models.PositiveSmallIntegerField(null=True, blank=True)
    illustration = models.CharField(max_length=40, default="generic", help_text=_("SVG illustration key."))
    tradein_questionnaire = models.CharField(
        _("trade-in questionnaire"),
        max_length=12,
        choices=TradeInQuestionnaire.choices,
        default=TradeInQuestionnaire.DEVICE,
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(battery_floor__isnull=True) | models.Q(battery_floor__lte=100),
                name="category_battery_floor_pct",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=CategoryKind.values), name="category_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(tradein_questionnaire__in=TradeInQuestionnaire.values),
                name="category_tradein_questionnaire_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(condition_scheme__in=list(SCHEMES)), name="category_condition_scheme_valid"
            ),
            # A scheme without a battery (garments) never carries a battery floor.
            models.CheckConstraint(
                condition=models.Q(battery_floor__isnull=True)
                | ~models.Q(condition_scheme__in=[c for c, s in SCHEMES.items() if not s.has_battery]),
                name="category_apparel_no_battery",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_battery(self) -> bool:
        return self.battery_floor is not None

    @property
    def conditions(self) -> ConditionScheme:
        """The condition scheme its offers are graded by (catalog/conditions.py)."""
        return of_category(self)


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
        null=True,
        blank=True,
        help_text=_("Last day the maker placed it on the market; starts the parts obligation."),
    )
    gtin = models.CharField(
        max_length=14, null=True, blank=True, unique=True, help_text="GTIN-14, check digit valid"
    )
    materials = models.JSONField(
        default=list, blank=True, help_text='[{"material": "aluminium", "percent": 24}]'
    )
    origin = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 country of manufacture")
    attributes = models.JSONField(default=dict, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    # EU energy label of phones and tablets (catalog/energy_label.py): classes, battery, IP rating, EPREL
    energy_label = models.JSONField(default=dict, blank=True)
    # A garment's fibre composition, country of each manufacturing stage and care symbols (catalog/textile.py)
    textile = models.JSONField(_("textile facts"), default=dict, blank=True)
    # An accessory (strap, case, charger) lists the models it fits; a model's `accessories` are the reverse.
    compatible_with = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="accessories", verbose_name=_("compatible with")
    )
    # ... or whole categories it fits ("every smartwatch"), the category's sub-categories included.
    compatible_categories = models.ManyToManyField(
        Category, blank=True, related_name="fitting_accessories", verbose_name=_("compatible with categories")
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
                fields=["product", "attributes_key"],
                condition=~models.Q(attributes_key=""),
                name="variant_unique_attributes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.label}"


class ProductImage(models.Model):
    """An official photo of the model (uploaded by its brand or by staff), shown instead of the category's
    drawing; `colour` is the colour it shows, as the variants name it ("Midnight"), blank for every colour.

    Stored like a unit photo (offers/photos.py): re-encoded without metadata, in several widths as WebP and
    JPEG; `files` maps "640.webp" to the stored name (catalog/gallery.py writes them). `illustration` marks a
    drawing of the model (the demo's), shown as such ("Drawing of …"), never passed off as a photo."""

    product = models.ForeignKey(ProductModel, on_delete=models.CASCADE, related_name="images")
    colour = models.CharField(_("colour"), max_length=60, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)
    alt = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    files = models.JSONField(default=dict, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    illustration = models.BooleanField(
        _("illustration"), default=False, help_text=_("A drawing of the model, not a photo of it.")
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Image {self.pk} of {self.product_id}"


# Body measurements a size guide may give, in centimetres (docs/fashion.md "Sizes").
MEASUREMENTS = (
    "chest_cm",
    "waist_cm",
    "hip_cm",
    "shoulder_cm",
    "sleeve_cm",
    "length_cm",
    "inseam_cm",
    "foot_length_cm",
)


class SizeGuide(models.Model):
    """A brand's sizes in one category and the body measurements each fits, e.g. M = chest 100 cm.

    `measurements` maps a size, as the variants name it, to its measurements in centimetres:
    {"M": {"chest_cm": 100, "length_cm": 69}}; they are shown in the order the category's variant schema
    lists its sizes (catalog/sizes.py)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="size_guides")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="size_guides")
    measurements = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand__name", "category__name"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "category"], name="sizeguide_one_per_brand_category")
        ]

    def __str__(self) -> str:
        return f"{self.brand} · {self.category}"
