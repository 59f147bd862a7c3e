from django.apps import AppConfig


class PassportsConfig(AppConfig):
    name = "comeback.passports"
    label = "passports"
    verbose_name = "Product passports"

    def ready(self) -> None:
        from . import handlers

        handlers.register()
