from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "painscope.web.journal"
    label = "journal"
