from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "comeback.catalog"
    label = "catalog"
    verbose_name = "Catalogue"
