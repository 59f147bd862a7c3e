from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "comeback.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from . import (
            handlers,
            monitoring,
            tasks,  # noqa: F401  (registers the scheduled jobs)
        )

        handlers.register()
        monitoring.register()
