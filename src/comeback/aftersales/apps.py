from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    name = "comeback.aftersales"
    label = "aftersales"
    verbose_name = "After-sales"

    def ready(self) -> None:
        from . import (
            handlers,
            metrics,
            remedies,
            tasks,  # noqa: F401  (registers the scheduled jobs)
        )

        handlers.register()
        metrics.register()
        remedies.register()
