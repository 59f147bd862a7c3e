from django.contrib import admin
from django.urls import include, path

from comeback.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("comeback.web.urls")),
    path("", include("comeback.catalog.urls")),
    path("seller/", include("comeback.offers.urls")),
    path("", include("comeback.sellers.urls")),
    path("", include("comeback.orders.urls")),
    path("", include("comeback.webhooks.urls")),
]

handler404 = "comeback.web.views.not_found"
handler500 = "comeback.web.views.server_error"
