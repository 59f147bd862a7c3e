from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "comeback.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        from . import (
            handlers,
            metrics,
            tasks,  # noqa: F401  (registers the scheduled jobs)
            unit_register,
        )

        handlers.register()
        metrics.register()
        unit_register.register()
