from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "comeback.catalog"
    label = "catalog"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from . import kept

        kept.connect()  # every save or delete of what product pages keep bumps the catalogue version
