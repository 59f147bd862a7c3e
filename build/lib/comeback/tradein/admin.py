from django.contrib import admin

from .models import (
    BlockedDevice,
    BuybackOffer,
    CounterOffer,
    DeviceRoute,
    LedgerEntry,
    Partner,
    PartnerMember,
    Quote,
    Store,
    TradeIn,
    TradeInEvent,
    TradeInPayout,
    WipeCertificate,
)


@admin.register(BuybackOffer)
class BuybackOfferAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "seller",
        "product",
        "storage_gb",
        "market",
        "tier",
        "price_amount",
        "currency",
        "weekly_capacity",
        "status",
    )
    list_filter = ("market", "tier", "status")
    search_fields = ("product__name", "seller__display_name")
    raw_id_fields = ("seller", "product")


class StoreInline(admin.TabularInline):
    model = Store
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "brand", "bonus_bps", "commission_bps", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("eligible_models",)
    inlines = [StoreInline]


@admin.register(PartnerMember)
class PartnerMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "partner", "store")
    raw_id_fields = ("user",)


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = (
        "ref",
        "product",
        "tier",
        "market",
        "price_amount",
        "currency",
        "seller",
        "created_at",
        "expires_at",
    )
    search_fields = ("ref",)
    readonly_fields = [f.name for f in Quote._meta.fields]


class EventInline(admin.TabularInline):
    model = TradeInEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "by", "at", "detail")


@admin.register(TradeIn)
class TradeInAdmin(admin.ModelAdmin):
    """Read-only: a trade-in moves only through its process (services), never by editing a row."""

    list_display = (
        "ref",
        "product",
        "status",
        "channel",
        "seller",
        "partner",
        "store",
        "quoted_amount",
        "currency",
        "accepted_at",
    )
    list_filter = ("status", "channel", "market")
    search_fields = ("ref", "imei", "serial", "last_name")
    readonly_fields = [f.name for f in TradeIn._meta.fields]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False


admin.site.register(CounterOffer)
admin.site.register(WipeCertificate)
admin.site.register(DeviceRoute)
admin.site.register(BlockedDevice)


@admin.register(TradeInPayout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = ("tradein", "amount", "currency", "status", "transfer_id", "sent_at")
    readonly_fields = [f.name for f in TradeInPayout._meta.fields]


@admin.register(LedgerEntry)
class LedgerAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "amount", "currency", "kind", "tradein", "created_at")
    list_filter = ("kind", "currency")

    def has_change_permission(self, request, obj=None):
        return False
