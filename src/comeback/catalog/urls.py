from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("p/<slug:slug>/", views.product, name="product"),
]
