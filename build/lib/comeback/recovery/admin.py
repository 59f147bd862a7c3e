"""Back office: the platform's certified recyclers and creative collections are managed here (and by the
staff API); collected devices are shown read-only — they move only through services/' process."""

from django.contrib import admin

from .models import CollectedDevice, Collection, PartFitted, PartHarvested, Recycler, Step


@admin.register(Recycler)
class RecyclerAdmin(admin.ModelAdmin):
    list_display = ("name", "certification", "certificate_number", "country", "is_active")
    list_filter = ("certification", "country", "is_active")
    search_fields = ("name", "certificate_number")


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "maker", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "maker")


class ReadOnly(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StepInline(ReadOnly):
    model = Step


class FittedInline(ReadOnly):
    model = PartFitted


class HarvestedInline(ReadOnly):
    model = PartHarvested


@admin.register(CollectedDevice)
class CollectedDeviceAdmin(admin.ModelAdmin):
    list_display = ("tradein", "seller", "product", "route", "status", "received_at", "moved_at", "done_at")
    list_filter = ("route", "status", "market")
    search_fields = ("tradein__ref", "seller__display_name", "product__name")
    inlines = [StepInline, FittedInline, HarvestedInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
