from django.contrib import admin

from comeback.core import clock

from .models import ExchangeRate, Refresh


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("valid_on", "currency", "target", "rate", "source", "created_by")
    list_filter = ("currency", "target")
    date_hierarchy = "valid_on"
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by, obj.created_at = request.user, clock.now()
        super().save_model(request, obj, form, change)


@admin.register(Refresh)
class RefreshAdmin(admin.ModelAdmin):
    list_display = ("correct_to", "since", "rows", "started_at", "finished_at")

    def has_add_permission(self, request):
        return False
