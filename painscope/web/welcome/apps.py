from django.apps import AppConfig


class WelcomeConfig(AppConfig):
    name = "painscope.web.welcome"
    label = "welcome"
    verbose_name = "Welcome page"
