from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "comeback.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import handlers  # noqa: F401 (registers the outbox handlers)
