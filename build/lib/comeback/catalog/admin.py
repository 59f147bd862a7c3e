"""Staff editing of the catalogue. The same rules as the services apply (schemas, GTINs, materials), and
every save re-indexes the products it changes for search after commit."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comeback.core import ids, images, outbox
from comeback.core.forms import ModelForm
from comeback.core.problems import Problem

from . import conditions, gallery, search, services, sizes, textile
from .models import Brand, Category, ProductImage, ProductModel, SizeGuide, Variant


def _reindex_later(product_ids) -> None:
    ids_ = list(product_ids)
    if ids_:
        transaction.on_commit(lambda: services.reindex_products(ids_), robust=True)


class CategoryForm(ModelForm):
    class Meta:
        model = Category
        fields = [
            "parent",
            "slug",
            "name",
            "kind",
            "condition_scheme",
            "battery_floor",
            "attribute_schema",
            "variant_schema",
            "illustration",
            "sort_order",
        ]

    def _schema(self, name: str):
        try:
            return services.check_schema(self.cleaned_data.get(name), field=name)
        except Problem as exc:
            raise forms.ValidationError(exc.detail) from exc

    def clean_attribute_schema(self):
        return self._schema("attribute_schema")

    def clean_variant_schema(self):
        return self._schema("variant_schema")

    def clean(self):
        data = super().clean()
        scheme = conditions.SCHEMES.get(data.get("condition_scheme") or "")
        if scheme is not None and not scheme.has_battery and data.get("battery_floor") is not None:
            self.add_error(
                "battery_floor", _("This condition scheme has no battery; leave the battery floor empty.")
            )
        return data


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["name", "slug", "parent", "kind", "condition_scheme", "battery_floor", "sort_order"]
    list_filter = ["kind", "condition_scheme", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # a renamed category changes its products' search text
            _reindex_later(ProductModel.objects.filter(category=obj).values_list("pk", flat=True))


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            _reindex_later(ProductModel.objects.filter(brand=obj).values_list("pk", flat=True))


class SizeGuideForm(ModelForm):
    class Meta:
        model = SizeGuide
        fields = ["brand", "category", "measurements"]

    def clean_measurements(self):
        errors = sizes.check_measurements(self.cleaned_data.get("measurements"))
        if errors:
            raise forms.ValidationError([e["message"] for e in errors])
        return self.cleaned_data["measurements"]


@admin.register(SizeGuide)
class SizeGuideAdmin(admin.ModelAdmin):
    """A brand's sizes in a category, with the body measurements (cm) each fits (docs/fashion.md "Sizes")."""

    form = SizeGuideForm
    list_display = ["brand", "category", "updated_at"]
    list_filter = ["category"]
    search_fields = ["brand__name"]
    autocomplete_fields = ["brand"]


class ProductForm(ModelForm):
    class Meta:
        model = ProductModel
        fields = [
            "category",
            "brand",
            "name",
            "slug",
            "description",
            "release_date",
            "end_of_placement",
            "gtin",
            "materials",
            "origin",
            "attributes",
            "weight_grams",
            "compatible_with",
            "textile",
            "compatible_categories",
        ]
        help_texts = {
            "textile": _(
                'Clothing, shoes and bags: {"composition": [{"part": "main", "fibres": [{"fibre": "cotton", '
                '"percent": 100}]}], "stages": {"making_up": "PT"}, "care": {"washing": "wash_30"}}'
            )
        }

    def clean_gtin(self):
        value = self.cleaned_data.get("gtin")
        if not value:
            return None
        try:
            return ids.normalise_gtin(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Invalid GTIN: %s.") % exc) from exc

    def clean(self):
        data = super().clean()
        category = data.get("category")
        if category is not None:
            for e in services.validate_attributes(category.attribute_schema, data.get("attributes") or {}):
                self.add_error("attributes", f"{e['field']}: {e['message']}")
        errors: list[dict] = []
        services.check_materials(data.get("materials") or [], errors)
        for e in errors:
            self.add_error("materials", f"{e['field']}: {e['message']}")
        facts, textile_errors = textile.check(data.get("textile") or {})
        for e in textile_errors:
            self.add_error("textile", f"{e['field']}: {e['message']}")
        if facts and category is not None and not textile.applies_to(category):
            self.add_error("textile", _("Only clothing, shoes and bags carry textile facts."))
        if not textile_errors and "textile" in data:
            data["textile"] = facts
        release, end = data.get("release_date"), data.get("end_of_placement")
        if release and end and end < release:
            self.add_error("end_of_placement", _("The end of placement cannot be before the release date."))
        return data


class VariantForm(ModelForm):
    class Meta:
        model = Variant
        fields = ["label", "attributes", "sku", "gtin"]

    def clean(self):
        data = super().clean()
        # Set before the model's constraints are validated, so a duplicate is a form error, not a crash.
        self.instance.attributes_key = services.attributes_key(data.get("attributes") or {})
        return data


class VariantFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        category = getattr(self.instance, "category", None) if self.instance.category_id else None
        seen: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            attrs = form.cleaned_data.get("attributes") or {}
            key = services.attributes_key(attrs)
            if key in seen:
                form.add_error("attributes", _("Another variant of this model has the same attributes."))
            seen.add(key)
            if not form.has_changed():
                continue
            if category is not None:
                for e in services.validate_attributes(category.variant_schema, attrs):
                    form.add_error("attributes", f"{e['field']}: {e['message']}")
            gtin = form.cleaned_data.get("gtin")
            if gtin:
                try:
                    form.cleaned_data["gtin"] = ids.normalise_gtin(gtin)
                except ValueError as exc:
                    form.add_error("gtin", _("Invalid GTIN: %s.") % exc)


class VariantInline(admin.TabularInline):
    model = Variant
    form = VariantForm
    formset = VariantFormSet
    fields = ["label", "attributes", "sku", "gtin"]
    extra = 0
    show_change_link = True


class ProductImageForm(ModelForm):
    """A model photo: the uploaded file passes the image gate and is stored in every width."""

    upload = forms.ImageField(required=False, label=_("Photo file"))

    class Meta:
        model = ProductImage
        fields = ["colour", "position", "alt"]

    def clean_colour(self):
        """One of the colours the model's variants are sold in, or blank for every colour."""
        colour = " ".join((self.cleaned_data.get("colour") or "").split())
        if colour and self.instance.product_id:
            known = gallery.colours_of(self.instance.product)
            if colour not in known:
                raise forms.ValidationError(
                    _("Colours this model is sold in: %s.") % (", ".join(known) or _("none"))
                )
        return colour

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if not (self.instance and self.instance.files):
                raise forms.ValidationError(_("Choose a photo file."))
            return None
        from comeback.core import images

        try:
            upload.seek(0)
            return images.accept(upload, field="upload")
        except Problem as exc:
            raise forms.ValidationError(exc.detail) from None

    def save(self, commit=True):
        photo = self.cleaned_data.get("upload")
        if photo is not None:
            self.instance.files = images.store_renditions(photo)
            self.instance.width, self.instance.height = photo.width, photo.height
            self.instance.sha256 = photo.sha256
        return super().save(commit)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    fields = ["upload", "colour", "position", "alt", "width", "height"]
    readonly_fields = ["width", "height"]
    extra = 0


@admin.register(ProductModel)
class ProductModelAdmin(admin.ModelAdmin):
    form = ProductForm
    inlines = [VariantInline, ProductImageInline]
    list_display = ["name", "brand", "category", "release_date", "end_of_placement", "gtin"]
    list_filter = ["category", "brand"]
    list_select_related = ["brand", "category"]
    search_fields = ["name", "slug", "brand__name", "gtin", "variants__sku"]
    autocomplete_fields = ["brand", "compatible_with"]
    filter_horizontal = ["compatible_categories"]
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "release_date"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _reindex_later([form.instance.pk])
        # Its photos may have changed in the inline: its cached pages are made stale, as an upload does.
        outbox.emit(gallery.TOPIC, product_id=form.instance.pk, slug=form.instance.slug)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        transaction.on_commit(lambda: search.remove([pk]), robust=True)

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: search.remove(pks), robust=True)
