from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "comeback.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
