from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "comeback.offers"
    label = "offers"
    verbose_name = "Offers"

    def ready(self) -> None:
        from comeback.sellers import removal
        from comeback.web import access

        from . import authentication, services

        removal.when_removed(services.withdraw_all_of_seller)  # a removed shop's listings are withdrawn
        access.find_authenticators_with(authentication.is_authenticator)
