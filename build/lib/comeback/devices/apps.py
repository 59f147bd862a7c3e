from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "comeback.devices"
    label = "devices"
    verbose_name = "Devices"
