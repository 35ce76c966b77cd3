from django.apps import AppConfig


class WearablesConfig(AppConfig):
    name = "painscope.web.wearables"
    label = "wearables"
