from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "painscope.web.accounts"
    label = "accounts"
