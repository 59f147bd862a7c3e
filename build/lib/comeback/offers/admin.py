"""Offers in the back office: searchable and read-only.

Every change to an offer goes through offers.services (the rules, the guarded status moves, the
outbox events webhooks listen to); an admin form would bypass them, so staff look here and act
through the seller processes (suspend, remove) instead.
"""

from django.contrib import admin

from .models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "variant",
        "seller",
        "market",
        "grade",
        "price_amount",
        "currency",
        "quantity",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "grade", "market", "seller__status"]
    search_fields = [
        "variant__product__name",
        "variant__product__brand__name",
        "variant__sku",
        "seller__display_name",
    ]
    list_select_related = ["variant__product__brand", "seller", "market"]
    raw_id_fields = ["seller", "variant"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
