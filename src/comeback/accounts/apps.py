from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "comeback.accounts"
    label = "accounts"
    verbose_name = "Accounts"
