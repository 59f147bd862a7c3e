"""Staff manage repair locations here (hours, services, repairers). Stock and jobs are read-only: they move
only through services (conditional UPDATEs, guarded transitions, the ledger)."""

from django.contrib import admin

from .models import Booking, Job, JobPart, Location, Membership, OpeningHours, Part, PartPrice, Service, Stock


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "city", "market", "bays", "is_public", "is_active")
    list_filter = ("kind", "market", "is_public", "is_active")
    search_fields = ("name", "city", "postal_code")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("seller", "store")
    inlines = [OpeningHoursInline, ServiceInline, MembershipInline]


class PartPriceInline(admin.TabularInline):
    model = PartPrice
    extra = 0


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ("sku", "name", "part_type", "source", "seller", "lead_time_days", "is_active")
    list_filter = ("part_type", "source", "is_active")
    search_fields = ("sku", "name")
    raw_id_fields = ("seller", "donor_passport")
    filter_horizontal = ("compatible_models",)
    inlines = [PartPriceInline]

    def get_readonly_fields(self, request, obj=None):
        return ("source", "donor_passport") if obj is not None and obj.source == "harvested" else ()


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    list_display = ("part", "location", "quantity", "updated_at")
    list_filter = ("location__market",)
    search_fields = ("part__sku", "part__name", "location__name")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class JobPartInline(admin.TabularInline):
    model = JobPart
    extra = 0
    can_delete = False
    readonly_fields = ("part", "quantity", "at")


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("reference", "location", "service", "product", "starts_at", "status")
    list_filter = ("status", "location__market")
    search_fields = ("reference", "customer__email")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "location", "product", "status", "warranty_until", "completed_at")
    list_filter = ("status",)
    inlines = [JobPartInline]

    def has_change_permission(self, request, obj=None):
        return False
