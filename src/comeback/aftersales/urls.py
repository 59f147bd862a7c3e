from django.urls import path

from . import views

app_name = "aftersales"

urlpatterns = [
    path("warranty/claims/", views.my_claims, name="claims"),
    path("warranty/claims/new/<int:line_id>/", views.new_claim, name="new"),
    path("warranty/claims/<int:pk>/", views.claim_detail, name="claim"),
    path("warranty/claims/<int:pk>/<str:action>/", views.buyer_action, name="buyer_action"),
    path("warranty/photos/<int:pk>/", views.photo, name="photo"),
    path("seller/claims/", views.seller_claims, name="seller_claims"),
    path("seller/claims/<int:pk>/", views.seller_claim, name="seller_claim"),
    path("staff/claims/", views.staff_queue, name="staff_queue"),
    path("staff/claims/stats/", views.staff_stats, name="staff_stats"),
    path("staff/claims/<int:pk>/", views.staff_claim, name="staff_claim"),
]
