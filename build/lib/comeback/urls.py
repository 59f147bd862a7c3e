from django.contrib import admin
from django.urls import include, path

from comeback.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("comeback.web.urls")),
    path("", include("comeback.accounts.urls_signup")),
    path("", include("comeback.storefront.urls")),
    path("seller/", include("comeback.offers.urls")),
    path("", include("comeback.offers.urls_public")),
    path("", include("comeback.offers.urls_authenticator")),
    path("accounts/", include("comeback.accounts.urls")),
    path("", include("comeback.accounts.urls_account")),
    path("", include("comeback.sellers.urls")),
    path("", include("comeback.orders.urls")),
    path("", include("comeback.payouts.urls")),
    path("", include("comeback.invoices.urls")),
    path("", include("comeback.webhooks.urls")),
    path("", include("comeback.devices.urls")),
    path("", include("comeback.tradein.urls")),
    path("", include("comeback.passports.urls")),
    path("", include("comeback.aftersales.urls")),
    path("", include("comeback.repair.urls")),
    path("", include("comeback.recovery.urls")),
    path("", include("comeback.editions.urls")),
    path("", include("comeback.trust.urls")),
    path("", include("comeback.insights.urls")),
    path("", include("comeback.help.urls")),
]

handler404 = "comeback.web.views.not_found"
handler500 = "comeback.web.views.server_error"
