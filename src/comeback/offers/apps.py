from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "comeback.offers"
    label = "offers"
    verbose_name = "Offers"
