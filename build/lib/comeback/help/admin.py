from django.contrib import admin

from .models import Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only: tickets are answered from the help desk (/staff/help/), which mails the answer once."""

    list_display = ("id", "subject", "topic", "email", "market", "status", "created_at")
    list_filter = ("status", "topic", "market")
    search_fields = ("subject", "email", "message")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
