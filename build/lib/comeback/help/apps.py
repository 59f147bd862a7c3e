from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "comeback.help"
    label = "help"
    verbose_name = "Help and legal pages"

    def ready(self) -> None:
        from . import handlers  # noqa: F401 (registers the outbox handlers)
