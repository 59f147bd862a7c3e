from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo marketplace (`comeback seed-demo`, `make demo`): the top layer, it may use every app."""

    name = "comeback.demo"
    label = "demo"
    verbose_name = "Demo"
