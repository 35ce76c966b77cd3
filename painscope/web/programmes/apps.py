from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "painscope.web.programmes"
    label = "programmes"
    verbose_name = "Self-management programmes"
