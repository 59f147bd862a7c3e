"""Back office for passports: read-only chains (history is written only through services), and the access
grants staff give repairers, recyclers and authorities."""

from __future__ import annotations

from django.contrib import admin

from comeback.core import clock

from . import services
from .models import ModelIdentifier, Passport, PassportAccessGrant, PassportEvent


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnly, admin.TabularInline):
    model = PassportEvent
    fields = ["seq", "kind", "at", "actor_role", "actor_name", "hash"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["seq"]


@admin.register(Passport)
class PassportAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["serial", "gtin", "product", "life", "status", "issuer", "created_at", "head_seq"]
    list_filter = ["status", "source"]
    search_fields = ["serial", "gtin", "imei", "maker_serial", "product__name"]
    list_select_related = ["product__brand", "issuer"]
    readonly_fields = [f.name for f in Passport._meta.fields]
    inlines = [EventInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModelIdentifier)
class ModelIdentifierAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["gtin", "product", "allocated", "created_at"]
    search_fields = ["gtin", "product__name"]
    readonly_fields = ["product", "gtin", "allocated", "created_at"]


@admin.register(PassportAccessGrant)
class PassportAccessGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "created_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation"]
    autocomplete_fields = ["user"]
    readonly_fields = ["granted_by", "created_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "user", "role"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        grant = services.grant_access(
            user=obj.user, role=obj.role, organisation=obj.organisation, granted_by=request.user
        )
        obj.pk, obj.created_at, obj.granted_by = grant.pk, grant.created_at, grant.granted_by

    @admin.action(description="Revoke the selected grants")
    def revoke(self, request, queryset):
        for grant in queryset.filter(revoked_at__isnull=True):
            services.revoke_grant(grant_id=grant.pk, at=clock.now())
