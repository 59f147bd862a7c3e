from django.urls import path

from .views import public, seller, staff

app_name = "sellers"

urlpatterns = [
    path("sell/apply/", public.apply, name="apply"),
    path("seller/trust/", seller.my_trust, name="my_trust"),
    path("seller/traceability/", seller.my_traceability, name="my_traceability"),
    path("sellers/<slug:slug>/", public.public_seller, name="public"),
    path("staff/sellers/", staff.staff_home, name="staff_home"),
    path("staff/sellers/applications/", staff.staff_applications, name="staff_applications"),
    path("staff/sellers/reviews/", staff.staff_reviews, name="staff_reviews"),
    path("staff/sellers/alerts/", staff.staff_alerts, name="staff_alerts"),
    path(
        "staff/sellers/alerts/<int:alert_id>/acknowledge/",
        staff.staff_acknowledge_alert,
        name="staff_ack_alert",
    ),
    path("staff/sellers/<int:seller_id>/", staff.staff_seller, name="staff_seller"),
    path("staff/sellers/<int:seller_id>/review/", staff.staff_review, name="staff_review"),
    path("staff/sellers/<int:seller_id>/history/", staff.staff_history, name="staff_history"),
    path("staff/sellers/<int:seller_id>/verify/", staff.staff_verify, name="staff_verify"),
    path("staff/sellers/<int:seller_id>/decision/", staff.staff_decide, name="staff_decide"),
    path("staff/sellers/<int:seller_id>/recompute/", staff.staff_recompute, name="staff_recompute"),
]
