from django.contrib import admin

from .models import Claim, ClaimMessage, ClaimPhoto


class PhotoInline(admin.TabularInline):
    model = ClaimPhoto
    extra = 0
    readonly_fields = ("image", "content_type", "size", "uploaded_at")
    can_delete = False


class MessageInline(admin.TabularInline):
    model = ClaimMessage
    extra = 0
    readonly_fields = ("author", "user", "body", "created_at")
    can_delete = False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Read-only: claims move through the services (processes.py), never by editing a row."""

    list_display = ("ref", "seller", "market", "fault", "status", "resolution", "opened_at", "answer_due_at")
    list_filter = ("status", "fault", "market", "resolution")
    search_fields = ("ref", "buyer__email", "seller__display_name")
    inlines = [PhotoInline, MessageInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
