from django.contrib import admin

from .models import WebhookDelivery, WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    # The secret is not editable and never listed: staff have no need to read it.
    list_display = ["id", "seller", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "seller__display_name", "seller__user__email"]
    raw_id_fields = ["seller"]
    readonly_fields = ["created_at", "updated_at"]
    fields = ["seller", "url", "events", "description", "is_active", "created_at", "updated_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "subscription",
        "topic",
        "event_id",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "topic"]
    search_fields = ["event_id", "subscription__url"]
    raw_id_fields = ["subscription"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
