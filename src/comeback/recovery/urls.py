from django.urls import path

from . import views

app_name = "recovery"

urlpatterns = [
    path("seller/recovery/", views.seller_inventory, name="seller_inventory"),
    path("seller/recovery/<str:ref>/", views.seller_device, name="seller_device"),
    path("seller/recovery/<str:ref>/<slug:action>/", views.seller_act, name="seller_act"),
    path("staff/recovery/", views.staff_inventory, name="staff_inventory"),
    path("staff/recovery/<str:ref>/", views.staff_device, name="staff_device"),
    path("staff/recovery/<str:ref>/<slug:action>/", views.staff_act, name="staff_act"),
]
