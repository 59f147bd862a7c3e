from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    name = "comeback.aftersales"
    label = "aftersales"
    verbose_name = "After-sales"
