from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "comeback.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the scheduled jobs)
