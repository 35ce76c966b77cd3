from django.apps import AppConfig


class InsightsWebConfig(AppConfig):
    name = "painscope.web.insights_web"
    label = "insights_web"
