from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "comeback.recovery"
    label = "recovery"
    verbose_name = "Recovery"

    def ready(self) -> None:
        from . import handlers

        handlers.register()
