"""Wearable imports: one :class:`ImportJob` per uploaded file.

The measures themselves are diary observations (``kind=measure``) written through
``painscope.web.journal.services.import_frame``; this table only records how each upload
went, so the status page can tell a person what happened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STATUSES = [(QUEUED, "queued"), (RUNNING, "running"), (DONE, "done"), (FAILED, "failed")]

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wearable_jobs")
    filename = models.CharField(max_length=255, help_text="the file's name as uploaded")
    format = models.CharField(max_length=16, default="auto", help_text="requested format; the detected one is in summary")
    status = models.CharField(max_length=8, choices=STATUSES, default=QUEUED)
    progress = models.FloatField(default=0.0, help_text="0-1")
    message = models.TextField(blank=True, default="")
    summary = models.JSONField(default=dict, blank=True)
    stored_path = models.CharField(max_length=1024, blank=True, default="", help_text="the upload on disk until processed")
    size_bytes = models.BigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, help_text="last sign of life of a running job")
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["owner", "created"])]

    def __str__(self) -> str:
        return f"import of {self.filename} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)
