from django.urls import path

from . import views, views_fashion

app_name = "storefront"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggestions, name="suggest"),
    path("c/<slug:category_slug>/", views.search, name="category"),
    path("p/<slug:slug>/", views.product, name="product"),
    path("fashion/", views_fashion.fashion_home, name="fashion"),
]
