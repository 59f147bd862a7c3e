"""Back office for buying: orders with their lines, payments and refunds; the ledger is read-only."""

from django.contrib import admin

from .models import Cart, LedgerEntry, Order, OrderLine, Payment, Payout, Refund, Return, Review


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "title",
        "variant_label",
        "grade",
        "seller",
        "price_amount",
        "fee_amount",
        "commission_amount",
        "status",
        "tracking_number",
        "imei",
        "serial",
    ]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["provider", "provider_ref", "status", "amount", "refunded_amount", "card_last4", "decline_code"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["ref", "buyer", "market", "status", "total_amount", "currency", "created_at", "paid_at"]
    list_filter = ["status", "market"]
    search_fields = ["ref", "buyer__email"]
    date_hierarchy = "created_at"
    inlines = [PaymentInline, LineInline]
    readonly_fields = [f.name for f in Order._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(OrderLine)
class OrderLineAdmin(admin.ModelAdmin):
    """Status changes go through the services (guarded transitions); here everything is read-only."""

    list_display = [
        "pk",
        "order",
        "title",
        "seller",
        "status",
        "price_amount",
        "currency",
        "paid_at",
        "shipped_at",
        "delivered_at",
    ]
    list_filter = ["status", "currency"]
    search_fields = ["order__ref", "title", "tracking_number", "imei", "serial"]
    readonly_fields = [f.name for f in OrderLine._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Return)
class ReturnAdmin(admin.ModelAdmin):
    list_display = ["pk", "order", "line", "seller", "reason", "status", "requested_at"]
    list_filter = ["status", "reason"]
    readonly_fields = [f.name for f in Return._meta.fields]


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "payment",
        "line",
        "amount",
        "currency",
        "reason",
        "status",
        "attempts",
        "created_at",
    ]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Refund._meta.fields]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["pk", "product", "seller", "stars", "created_at"]
    list_filter = ["stars"]
    readonly_fields = [f.name for f in Review._meta.fields]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Append-only: no add, change or delete."""

    list_display = ["pk", "created_at", "account", "amount", "currency", "kind", "order", "line", "payout"]
    list_filter = ["kind", "currency"]
    search_fields = ["account", "order__ref"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = ["payout_date", "seller", "amount", "transfer_amount", "currency"]
    list_filter = ["currency", "payout_date"]
    readonly_fields = [f.name for f in Payout._meta.fields]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "market", "updated_at"]
