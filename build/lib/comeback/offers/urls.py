from django.urls import path

from .views import seller

app_name = "offers"

urlpatterns = [
    path("", seller.portal, name="portal"),
    path("listings/new/", seller.new_listing, name="new_listing"),
    path("listings/<int:pk>/edit/", seller.edit_listing, name="edit_listing"),
    path("listings/<int:pk>/status/", seller.change_status, name="change_status"),
    path("listings/<int:pk>/match/", seller.match_price, name="match_price"),
    path("listings/<int:pk>/photos/", seller.listing_photos, name="listing_photos"),
    path("listings/<int:pk>/photos/<int:photo_id>/delete/", seller.delete_photo, name="delete_photo"),
    path("listings/<int:pk>/photos/<int:photo_id>/move/", seller.move_photo, name="move_photo"),
    path("products/suggest/", seller.product_suggestions, name="product_suggestions"),
]
