from django.apps import AppConfig


class ExplainConfig(AppConfig):
    name = "painscope.web.explain"
    label = "explain"
    verbose_name = "How pain works"
