from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "comeback.trust"
    label = "trust"
    verbose_name = "Trust"

    def ready(self) -> None:
        from . import handlers, mystery

        mystery.register()
        handlers.register()
