from django.urls import path

from . import ops, views

app_name = "web"

urlpatterns = [
    path("market/", views.set_market, name="set_market"),
    path("staff/", views.staff_home, name="staff_home"),
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("metrics", ops.metrics_view, name="metrics"),
    path("_hello", views.hello, name="hello"),
]
