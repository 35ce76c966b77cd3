"""What a person does in a programme: enrolments, sessions, sleep diary nights, fear items.

The rules (quotas, windows, scores, norms) are the pure functions of
:mod:`painscope.programmes`; these models only keep what the person entered and the
results those functions returned, so the pages can show progress over time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from painscope.programmes import PROGRAMMES

PROGRAMME_CHOICES = [(p.id, p.title) for p in PROGRAMMES]


class Enrolment(models.Model):
    """One person in one programme, from ``start_date`` (the intervention date of "Did it help")."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_enrolments")
    programme = models.CharField(max_length=20, choices=PROGRAMME_CHOICES)
    start_date = models.DateField()
    settings = models.JSONField(default=dict, blank=True, help_text="the programme's plan settings")
    experiment = models.ForeignKey(
        "insights_web.Experiment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text='its entry in "Did it help"',
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "programme"], name="one_enrolment_per_programme")]
        ordering = ["start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.programme} from {self.start_date}"


class ProgrammeSession(models.Model):
    """One session: a pacing day, a left/right round, a thought record, a lesson, ..."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_sessions")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField()
    kind = models.CharField(max_length=30)
    minutes = models.FloatField(default=0)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["owner", "kind", "day"])]


class SleepNight(models.Model):
    """One night of the CBT-I sleep diary (columns of ``painscope sleep plan``'s CSV)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sleep_nights")
    night = models.DateField(help_text="the date the night began")
    bedtime = models.TimeField()
    latency_min = models.FloatField()
    waso_min = models.FloatField()
    rise_time = models.TimeField()
    naps_min = models.FloatField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "night"], name="one_sleep_night_per_date")]
        ordering = ["night"]


class FearItem(models.Model):
    """A feared activity in the exposure hierarchy, rated 0-100 for how harmful it feels."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fear_items")
    activity = models.CharField(max_length=120)
    first_rating = models.PositiveSmallIntegerField()
    latest_rating = models.PositiveSmallIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_rating", "pk"]
