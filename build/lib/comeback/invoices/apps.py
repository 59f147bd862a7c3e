from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    name = "comeback.invoices"
    label = "invoices"
    verbose_name = "Invoices"

    def ready(self) -> None:
        from . import handlers, tasks  # noqa: F401  (outbox handlers and scheduled jobs register on import)
