from django.apps import AppConfig


class TradeinConfig(AppConfig):
    name = "comeback.tradein"
    label = "tradein"
    verbose_name = "Trade-in"

    def ready(self) -> None:
        from . import (
            handlers,  # noqa: F401  (registers outbox handlers: passports, when installed)
            tasks,  # noqa: F401  (registers the scheduled jobs)
            unit_register,
        )

        unit_register.register()
