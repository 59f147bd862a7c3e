from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "comeback.sellers"
    label = "sellers"
    verbose_name = "Sellers"

    def ready(self) -> None:
        from . import notifications  # noqa: F401  (registers outbox handlers)
