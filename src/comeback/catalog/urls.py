from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("c/<slug:category_slug>/", views.search, name="category"),
    path("p/<slug:slug>/", views.product, name="product"),
]
