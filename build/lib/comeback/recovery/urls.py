from django.urls import path

from .views import seller, staff

app_name = "recovery"

urlpatterns = [
    path("seller/recovery/", seller.seller_inventory, name="seller_inventory"),
    path("seller/recovery/<str:ref>/", seller.seller_device, name="seller_device"),
    path("seller/recovery/<str:ref>/<slug:action>/", seller.seller_act, name="seller_act"),
    path("staff/recovery/", staff.staff_inventory, name="staff_inventory"),
    path("staff/recovery/<str:ref>/", staff.staff_device, name="staff_device"),
    path("staff/recovery/<str:ref>/<slug:action>/", staff.staff_act, name="staff_act"),
]
