from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "comeback.recovery"
    label = "recovery"
    verbose_name = "Recovery"
