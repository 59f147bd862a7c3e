from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "comeback.web"
    label = "web"
    verbose_name = "Web"
