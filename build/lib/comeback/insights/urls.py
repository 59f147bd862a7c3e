from django.urls import path

from .views import public, staff

app_name = "insights"

urlpatterns = [
    path("staff/insights/", staff.dashboard, name="dashboard"),
    path("staff/insights/rates/", staff.rates, name="rates"),
    path("staff/backstage/", staff.backstage, name="backstage"),
    path("staff/insights/<slug:key>.csv", staff.export_csv, name="csv"),
    path("trust/<str:market>/", public.trust, name="trust"),
]
