from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("staff/insights/", views.dashboard, name="dashboard"),
    path("staff/insights/rates/", views.rates, name="rates"),
    path("staff/backstage/", views.backstage, name="backstage"),
    path("staff/insights/<slug:key>.csv", views.export_csv, name="csv"),
    path("trust/<str:market>/", views.trust, name="trust"),
]
