from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "icase.accounts"
    label = "icase_accounts"
    verbose_name = "ICASE accounts"
