from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "comeback.orders"
    label = "orders"
    verbose_name = "Orders"
