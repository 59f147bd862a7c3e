from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "comeback.editions"
    label = "editions"
    verbose_name = "Upcycled editions"
