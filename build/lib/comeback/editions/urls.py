from django.urls import path

from . import views

app_name = "editions"

urlpatterns = [
    path("seller/editions/", views.seller_editions, name="seller_editions"),
    path("seller/editions/new/", views.seller_create, name="seller_create"),
    path("seller/editions/<int:edition_id>/pieces/", views.seller_make, name="seller_make"),
]
