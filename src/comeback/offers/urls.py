from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("listings/new/", views.new_listing, name="new_listing"),
    path("listings/<int:pk>/edit/", views.edit_listing, name="edit_listing"),
    path("listings/<int:pk>/status/", views.change_status, name="change_status"),
    path("listings/<int:pk>/match/", views.match_price, name="match_price"),
    path("products/suggest/", views.product_suggestions, name="product_suggestions"),
]
