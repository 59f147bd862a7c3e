from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "comeback.sellers"
    label = "sellers"
    verbose_name = "Sellers"

    def ready(self) -> None:
        from comeback.web import access

        from . import (
            handlers,  # noqa: F401  (the score follows the facts)
            tasks,  # noqa: F401  (registers the scheduled jobs)
        )
        from .selectors import seller_for_user

        access.find_sellers_with(seller_for_user)
