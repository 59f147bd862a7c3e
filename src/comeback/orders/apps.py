from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "comeback.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        from . import emails, metrics

        emails.register()
        metrics.register()
