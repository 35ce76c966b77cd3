from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "painscope.web.journal"
    label = "journal"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from painscope.web.journal import services
        from painscope.web.journal.models import Entry, Observation

        post_delete.connect(services.deleted_outside_services, sender=Entry, dispatch_uid="journal-entry-deleted")
        post_delete.connect(services.deleted_outside_services, sender=Observation, dispatch_uid="journal-obs-deleted")
