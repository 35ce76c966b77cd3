"""A planned on/off (ABAB) self-experiment the person chose to keep.

The plan itself is the pure :class:`painscope.insights.AbabPlan` (dates and instructions);
only its JSON is stored, so the analysis later runs the same pure function on the diary.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Experiment(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments")
    what = models.CharField(max_length=120)
    start_date = models.DateField()
    block_days = models.PositiveSmallIntegerField()
    blocks = models.PositiveSmallIntegerField()
    plan = models.JSONField(help_text="painscope.insights.AbabPlan.to_dict()")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"experiment {self.pk}: {self.what} from {self.start_date}"

    @property
    def end_date(self):
        from datetime import date

        return date.fromisoformat(self.plan["blocks"][-1]["end"])
