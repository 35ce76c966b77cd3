"""Stored diary: entries (check-ins) of tidy observations, medications and dose logs.

Observations mirror the tidy diary CSV one to one, so export → import → export is
byte-identical and every import goes through ``painscope.diary`` validation.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from django.conf import settings
from django.db import models


class Entry(models.Model):
    """One check-in: observations sharing a moment."""

    SOURCES = [("web", "web"), ("api", "api"), ("import", "import"), ("wearable", "wearable"), ("demo", "demo")]

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries")
    utc = models.DateTimeField(db_index=True)
    offset_minutes = models.SmallIntegerField(default=0)
    local_date = models.DateField(db_index=True)
    source = models.CharField(max_length=12, choices=SOURCES, default="web")
    # A check-in made without a connection carries the key its phone gave it, so that a
    # resend (the phone never heard the answer) finds the stored one instead of doubling it.
    client_key = models.CharField(max_length=40, null=True, blank=True, default=None)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "utc"], name="one_entry_per_moment"),
            models.UniqueConstraint(
                fields=["owner", "client_key"], condition=models.Q(client_key__isnull=False), name="one_entry_per_client_key"
            ),
        ]
        indexes = [models.Index(fields=["owner", "local_date"])]
        ordering = ["-utc"]

    def __str__(self) -> str:
        return f"entry {self.pk} at {self.timestamp}"

    @property
    def local_time(self):
        return self.utc.astimezone(timezone(timedelta(minutes=self.offset_minutes)))

    @property
    def timestamp(self) -> str:
        from painscope.diary import format_timestamp

        return format_timestamp(self.utc, self.offset_minutes)


class Observation(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="observations")
    kind = models.CharField(max_length=16)
    name = models.CharField(max_length=80)
    value = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True, default="")
    note = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "kind", "name"], name="one_observation_per_item")
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}={self.value}"


class Medication(models.Model):
    """A medication with its schedule.

    ``times`` lists times of day ("08:00"); ``weekdays`` lists ISO weekdays 1-7 (empty means
    every day); ``as_needed`` medications have no schedule. Reminders are computed from these
    fields with ``painscope.diary.medications.scheduled_doses``.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medications")
    name = models.CharField(max_length=80)
    dose = models.FloatField()
    unit = models.CharField(max_length=20, default="mg")
    as_needed = models.BooleanField(default=False)
    times = models.JSONField(default=list, blank=True)
    weekdays = models.JSONField(default=list, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    start_date = models.DateField()
    stop_date = models.DateField(null=True, blank=True)
    # Float: half tablets are common, and the count must go 5 → 4.5 → 4 (diary.medications.pills_after).
    pills_left = models.FloatField(null=True, blank=True)
    pills_per_dose = models.FloatField(default=1)
    refill_threshold = models.IntegerField(null=True, blank=True)
    # Pills (or doses) in a new pack: what "Refilled" adds (MedicationEvent keeps each refill).
    pack_size = models.FloatField(null=True, blank=True)
    notes = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} {self.dose:g} {self.unit}"


class MedicationEvent(models.Model):
    """What happened to a medication besides its doses (issue 15): a refill, or a change of
    the plan (dose, unit, pills per intake, times, days) from a date on. Kept, never
    overwritten: the history says what was planned when, and "Did it help" can start an
    experiment on the change date. ``details`` holds the plan before and after (a change) or
    what was added and the count after (a refill)."""

    REFILL = "refill"
    CHANGE = "change"
    KINDS = [(REFILL, "refill"), (CHANGE, "change")]

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medication_events")
    medication = models.ForeignKey(Medication, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=8, choices=KINDS)
    effective = models.DateField(help_text="the day it happened or takes effect")
    recorded = models.DateTimeField(auto_now_add=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-effective", "-recorded"]
        indexes = [models.Index(fields=["medication", "effective"])]

    def __str__(self) -> str:
        return f"{self.kind} of {self.medication} on {self.effective}"


class DoseLog(models.Model):
    TAKEN = "taken"
    SKIPPED = "skipped"
    STATUSES = [(TAKEN, "taken"), (SKIPPED, "skipped")]

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dose_logs")
    medication = models.ForeignKey(Medication, on_delete=models.CASCADE, related_name="doses")
    status = models.CharField(max_length=8, choices=STATUSES)
    at = models.DateTimeField(help_text="when it was taken or skipped")
    scheduled_for = models.DateTimeField(null=True, blank=True)
    dose = models.FloatField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    # The phone's key for a dose logged without a connection (see Entry.client_key).
    client_key = models.CharField(max_length=40, null=True, blank=True, default=None)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["owner", "at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_key"], condition=models.Q(client_key__isnull=False), name="one_dose_per_client_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.medication.name} {self.status} at {self.at:%Y-%m-%d %H:%M}"


class DayAggregate(models.Model):
    """One person's local day, aggregated for the overview and the insights.

    Maintained by ``painscope.web.journal.services`` in the same transaction as every write
    of entries or observations (``refresh_days``); its content is
    ``painscope.diary.aggregate.DayAggregate.to_json()`` of that day's stored rows.
    ``version`` is ``painscope.diary.aggregate.AGGREGATE_VERSION`` when it was computed.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_aggregates")
    day = models.DateField()
    version = models.PositiveSmallIntegerField()
    data = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "day"], name="one_aggregate_per_day")]
        ordering = ["day"]

    def __str__(self) -> str:
        return f"aggregate of {self.day} for {self.owner_id}"


class DiaryVersion(models.Model):
    """A token that changes with every write of a person's entries or observations.

    Caches of whole-diary analyses (the insights) are keyed by it: exact invalidation. A
    random token rather than a counter, so that a restored backup (whose token was stored
    with its diary) never meets a cache entry of a different diary under the same key.
    """

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_version")
    token = models.CharField(max_length=32)
    changed = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"diary version {self.token} of {self.owner_id}"
