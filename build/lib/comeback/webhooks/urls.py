from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("seller/webhooks/", views.subscriptions, name="list"),
    path("seller/webhooks/<int:pk>/", views.detail, name="detail"),
    path("seller/webhooks/<int:pk>/test/", views.send_test, name="test"),
    path("seller/webhooks/<int:pk>/toggle/", views.toggle, name="toggle"),
    path("seller/webhooks/<int:pk>/delete/", views.delete, name="delete"),
    path(
        "seller/webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/", views.redeliver, name="redeliver"
    ),
]
