"""Passport URLs at the site root: the GS1 Digital Link resolver (`/01/…`), the keys at /.well-known/,
and the passport pages. Included once from comeback/urls.py."""

from django.urls import path, re_path

from .views import professional, public, seller

app_name = "passports"

urlpatterns = [
    # Everything under /01/ reaches the resolver, which names the fault of a malformed URI (400).
    re_path(r"^01(?P<rest>/.*)?$", public.resolve, name="resolve"),
    path(".well-known/jwks.json", public.jwks, name="jwks"),
    path(".well-known/did.json", public.did_document, name="did"),
    path(".well-known/gs1resolver", public.gs1resolver, name="gs1resolver"),
    path("passports/<str:serial>/", public.by_serial, name="by_serial"),
    path("passports/<str:serial>/label/", seller.label, name="label"),
    re_path(r"^passports/(?P<serial>[0-9A-Za-z]+)/qr\.(?P<fmt>svg|png)$", public.qr_image, name="qr"),
    path("passports/<str:serial>/record/", professional.record, name="record"),
    path("seller/passports/", seller.seller_passports, name="seller_passports"),
]
