from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "painscope.web.assessments"
    label = "assessments"
