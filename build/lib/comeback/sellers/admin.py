"""Django admin for sellers: read-mostly. Decisions go through the back office (/staff/sellers/) so they
are audited; status is read-only here."""

from django.contrib import admin

from .models import ProbationDayCount, Seller, SellerAlert, SellerApplication, SellerDecision


class ApplicationInline(admin.StackedInline):
    model = SellerApplication
    extra = 0
    can_delete = False
    readonly_fields = [
        "contact_name",
        "contact_email",
        "contact_phone",
        "markets_wanted",
        "process_description",
        "submitted_at",
    ]


class DecisionInline(admin.TabularInline):
    model = SellerDecision
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "from_status", "to_status", "actor", "reason", "days"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["display_name", "legal_name", "country", "status", "probation_ends_at", "quality_score"]
    list_filter = ["status", "country"]
    search_fields = ["display_name", "legal_name", "vat_number", "user__email"]
    readonly_fields = [
        "status",
        "verified_at",
        "probation_started_at",
        "probation_ends_at",
        "approved_at",
        "status_changed_at",
        "status_reason",
        "status_before_suspension",
        "quality_score",
        "quality_summary",
        "quality_computed_at",
        "breach_since",
        "review_notice_for",
        "last_listing_at",
        "created_at",
    ]
    inlines = [ApplicationInline, DecisionInline]


@admin.register(SellerDecision)
class SellerDecisionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "seller", "kind", "from_status", "to_status", "actor"]
    list_filter = ["kind"]
    search_fields = ["seller__display_name", "reason"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(SellerAlert)
class SellerAlertAdmin(admin.ModelAdmin):
    list_display = ["opened_at", "seller", "metric", "value", "threshold", "status"]
    list_filter = ["status", "metric"]


@admin.register(ProbationDayCount)
class ProbationDayCountAdmin(admin.ModelAdmin):
    list_display = ["seller", "day", "count"]
    readonly_fields = ["seller", "day", "count"]
