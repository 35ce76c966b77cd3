from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "painscope.web.care"
    label = "care"
    verbose_name = "Sharing with clinicians and the audit log"
    default_auto_field = "django.db.models.BigAutoField"
