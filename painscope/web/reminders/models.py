"""Stored reminders: schedules, the send log (one row per reminder instant), push
subscriptions and the secret calendar feed.

Schedules are stored as the person sets them (local wall time + IANA zone) and expanded
to UTC by :mod:`painscope.diary.reminders`. Dose reminders come from the medication's own
schedule (``journal.Medication``), not from a copy of it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from painscope.diary import reminders as rules


class ReminderSettings(models.Model):
    """A person's reminder preferences: quiet hours, channels and the missed-dose rule."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings")
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    dose_reminders = models.BooleanField(default=True)
    email = models.BooleanField(default=False)
    follow_up_minutes = models.PositiveSmallIntegerField(default=rules.DEFAULT_FOLLOW_UP_MINUTES)
    missed_after_minutes = models.PositiveSmallIntegerField(default=rules.DEFAULT_MISSED_MINUTES)

    def __str__(self) -> str:
        return f"reminder settings of {self.owner}"

    @classmethod
    def for_user(cls, user) -> ReminderSettings:
        obj, _ = cls.objects.get_or_create(owner=user)
        return obj

    def missed_rule(self) -> rules.MissedRule:
        try:
            return rules.MissedRule(self.follow_up_minutes, self.missed_after_minutes)
        except rules.ScheduleError:
            return rules.MissedRule()


class Reminder(models.Model):
    """A check-in, questionnaire or programme-session reminder (dose reminders come from
    ``journal.Medication``). ``target`` is a path inside the site for sessions."""

    KINDS = [(rules.CHECKIN, "check-in"), (rules.QUESTIONNAIRE, "questionnaire"), (rules.SESSION, "programme session")]

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=KINDS)
    instrument_id = models.CharField(max_length=40, blank=True, default="")
    target = models.CharField(max_length=200, blank=True, default="")
    times = models.JSONField(default=list)
    weekdays = models.JSONField(default=list, blank=True)
    every_days = models.PositiveSmallIntegerField(default=1)
    timezone = models.CharField(max_length=64, default="UTC")
    start_date = models.DateField()
    stop_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.kind} reminder {self.pk}"

    def schedule(self) -> rules.Schedule:
        return rules.Schedule.build(self.times, self.timezone, self.start_date, self.stop_date, self.weekdays, self.every_days)


class Delivery(models.Model):
    """One reminder instant and its way out: the idempotent send log.

    The row is written before anything is sent; a unique constraint on (reminder or
    medication, due instant) means a restarted planner can never create a second one, and
    the ``state`` moves only along :data:`painscope.diary.reminders.TRANSITIONS` with
    conditional updates, so two workers cannot both claim one send.
    """

    STATES = [(s, s) for s in rules.SEND_STATES]
    OUTCOMES = [(o, o) for o in rules.OUTCOMES]

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries")
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    medication = models.ForeignKey("journal.Medication", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="reminder_deliveries")
    kind = models.CharField(max_length=16)
    due = models.DateTimeField(help_text="the scheduled instant (UTC)")
    send_at = models.DateTimeField(help_text="when this round is sent (after quiet hours or a snooze)")
    state = models.CharField(max_length=10, choices=STATES, default=rules.PENDING)
    outcome = models.CharField(max_length=8, choices=OUTCOMES, default=rules.OPEN)
    #: 0 = the reminder itself; each follow-up or snooze is a new round (sent once each).
    round = models.PositiveSmallIntegerField(default=0)
    follow_ups = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    #: When caregivers were told that this dose was missed (once).
    escalated_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "due"], condition=Q(reminder__isnull=False),
                                    name="one_delivery_per_reminder_instant"),
            models.UniqueConstraint(fields=["medication", "due"], condition=Q(medication__isnull=False),
                                    name="one_delivery_per_dose_instant"),
            models.CheckConstraint(
                condition=(Q(reminder__isnull=False) & Q(medication__isnull=True))
                | (Q(reminder__isnull=True) & Q(medication__isnull=False)),
                name="delivery_has_one_source",
            ),
        ]
        indexes = [models.Index(fields=["state", "send_at"]), models.Index(fields=["owner", "due"])]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due:%Y-%m-%d %H:%M} ({self.state}/{self.outcome})"


class SendAttempt(models.Model):
    """One channel target of one round, written before the message goes out: a retry
    after a crash skips targets that already accepted and resends the rest with the same
    push ``Topic``, so the push service replaces rather than repeats an undelivered one."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    round = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=8)  # "push" | "email"
    target = models.CharField(max_length=64)
    started_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["delivery", "round", "channel", "target"], name="one_attempt_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.target} round {self.round}"


class PushSubscription(models.Model):
    """A browser's Web Push subscription (RFC 8030 endpoint, RFC 8291 keys)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=64)
    user_agent = models.CharField(max_length=200, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    last_success = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"push subscription {self.pk}"

    def info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class CalendarFeed(models.Model):
    """A person's secret calendar address.

    The token is ``HMAC-SHA256(SECRET_KEY, salt)``: the database keeps only the random
    salt and the token's SHA-256, so a copy of the database alone cannot rebuild the
    address, while the site can show it again to its owner. Revoking deletes the row; a
    new feed gets a new salt, hence a new address.
    """

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    salt = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_fetch = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.owner}"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def token_for(salt: str) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), f"calendar-feed:{salt}".encode(), hashlib.sha256).digest()
        import base64

        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @property
    def token(self) -> str:
        return self.token_for(self.salt)

    @classmethod
    def issue(cls, user) -> CalendarFeed:
        cls.objects.filter(owner=user).delete()
        salt = secrets.token_urlsafe(32)
        return cls.objects.create(owner=user, salt=salt, token_hash=cls.hash(cls.token_for(salt)))


class Caregiver(models.Model):
    """Someone the person invited to be told when a dose is recorded as missed.

    Consent on both sides: the person invites (and can remove them at any time); nothing is
    sent until the caregiver accepts through the link in the invitation, and the same link
    lets them stop. Only the link token's SHA-256 is stored. Caregivers are told *that* a
    dose reminder went unanswered and when, never which medication.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caregivers")
    name = models.CharField(max_length=80, help_text="what the person calls them")
    email = models.EmailField()
    person_name = models.CharField(max_length=80, help_text="the person's name as the caregiver knows it")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        constraints = [models.UniqueConstraint(fields=["owner", "email"], name="one_invite_per_caregiver_email")]

    def __str__(self) -> str:
        return f"caregiver {self.pk}"

    @property
    def active(self) -> bool:
        return self.accepted_at is not None and self.ended_at is None

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def invite(cls, user, name: str, email: str, person_name: str) -> tuple[Caregiver, str]:
        token = secrets.token_urlsafe(32)
        row = cls.objects.create(owner=user, name=name, email=email, person_name=person_name, token_hash=cls.hash(token))
        return row, token
