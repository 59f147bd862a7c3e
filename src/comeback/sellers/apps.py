from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "comeback.sellers"
    label = "sellers"
    verbose_name = "Sellers"
