from django.apps import AppConfig


class PayoutsConfig(AppConfig):
    name = "comeback.payouts"
    label = "payouts"
    verbose_name = "Payouts"

    def ready(self) -> None:
        from . import handlers, tasks  # noqa: F401  (outbox handlers and scheduled jobs register on import)
