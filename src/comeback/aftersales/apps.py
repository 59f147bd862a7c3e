from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    name = "comeback.aftersales"
    label = "aftersales"
    verbose_name = "After-sales"

    def ready(self) -> None:
        from . import handlers, metrics

        handlers.register()
        metrics.register()
