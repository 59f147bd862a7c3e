from django.urls import path

from .views import public

app_name = "storefront"

urlpatterns = [
    path("", public.home, name="home"),
    path("search/", public.search, name="search"),
    path("search/suggest/", public.suggestions, name="suggest"),
    path("c/<slug:category_slug>/", public.search, name="category"),
    path("p/<slug:slug>/", public.product, name="product"),
    path("fashion/", public.fashion_home, name="fashion"),
]
