from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "comeback.core"
    label = "core"
    verbose_name = "Core"
