from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "painscope.web.reminders"
    label = "reminders"
    verbose_name = "Reminders"
