from django.urls import path

from . import views

app_name = "sellers"

urlpatterns = [
    path("sell/apply/", views.apply, name="apply"),
    path("seller/trust/", views.my_trust, name="my_trust"),
    path("seller/traceability/", views.my_traceability, name="my_traceability"),
    path("sellers/<slug:slug>/", views.public_seller, name="public"),
    path("staff/sellers/", views.staff_home, name="staff_home"),
    path("staff/sellers/applications/", views.staff_applications, name="staff_applications"),
    path("staff/sellers/reviews/", views.staff_reviews, name="staff_reviews"),
    path("staff/sellers/alerts/", views.staff_alerts, name="staff_alerts"),
    path(
        "staff/sellers/alerts/<int:alert_id>/acknowledge/",
        views.staff_acknowledge_alert,
        name="staff_ack_alert",
    ),
    path("staff/sellers/<int:seller_id>/", views.staff_seller, name="staff_seller"),
    path("staff/sellers/<int:seller_id>/review/", views.staff_review, name="staff_review"),
    path("staff/sellers/<int:seller_id>/history/", views.staff_history, name="staff_history"),
    path("staff/sellers/<int:seller_id>/verify/", views.staff_verify, name="staff_verify"),
    path("staff/sellers/<int:seller_id>/decision/", views.staff_decide, name="staff_decide"),
    path("staff/sellers/<int:seller_id>/recompute/", views.staff_recompute, name="staff_recompute"),
]
