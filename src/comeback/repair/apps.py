from django.apps import AppConfig


class RepairConfig(AppConfig):
    name = "comeback.repair"
    label = "repair"
    verbose_name = "Repair"
