from django.apps import AppConfig


class RepairConfig(AppConfig):
    name = "comeback.repair"
    label = "repair"
    verbose_name = "Repair"

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (registers outbox handlers: emails, passport events)
