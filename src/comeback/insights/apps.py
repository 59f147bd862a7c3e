from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "comeback.insights"
    label = "insights"
    verbose_name = "Insights"
