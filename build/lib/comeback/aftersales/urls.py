from django.urls import path

from .views import buyer, seller, staff

app_name = "aftersales"

urlpatterns = [
    path("warranty/claims/", buyer.my_claims, name="claims"),
    path("warranty/claims/new/<int:line_id>/", buyer.new_claim, name="new"),
    path("warranty/claims/<int:pk>/", buyer.claim_detail, name="claim"),
    path("warranty/claims/<int:pk>/<str:action>/", buyer.buyer_action, name="buyer_action"),
    path("warranty/photos/<int:pk>/", buyer.photo, name="photo"),
    path("seller/claims/", seller.seller_claims, name="seller_claims"),
    path("seller/claims/<int:pk>/", seller.seller_claim, name="seller_claim"),
    path("staff/claims/", staff.staff_queue, name="staff_queue"),
    path("staff/claims/stats/", staff.staff_stats, name="staff_stats"),
    path("staff/claims/<int:pk>/", staff.staff_claim, name="staff_claim"),
]
