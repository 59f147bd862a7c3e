from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "comeback.offers"
    label = "offers"
    verbose_name = "Offers"

    def ready(self) -> None:
        from comeback.sellers import removal

        from . import services

        removal.when_removed(services.withdraw_all_of_seller)  # a removed shop's listings are withdrawn
