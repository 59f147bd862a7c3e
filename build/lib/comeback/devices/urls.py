from django.urls import path

from .views import staff

app_name = "devices"

urlpatterns = [
    path("staff/devices/", staff.alerts, name="staff_alerts"),
    path("staff/devices/alerts/<int:alert_id>/close/", staff.close, name="staff_close"),
    path("staff/devices/hand-overs/", staff.hand_over, name="staff_hand_over"),
]
