"""Account extras: a person's settings and their personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    timezone = models.CharField(max_length=64, default="UTC")
    tracked_factors = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"

    @classmethod
    def for_user(cls, user) -> Profile:
        """The person's profile, created with defaults for accounts made elsewhere (CLI)."""
        profile, _ = cls.objects.get_or_create(user=user)
        return profile

    @property
    def zone(self):
        """The profile's time zone as a ``ZoneInfo`` (UTC when the stored name is unknown)."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    PREFIX = "ps_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, default="token")
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "token") -> tuple[ApiToken, str]:
        token = cls.PREFIX + secrets.token_urlsafe(32)
        obj = cls.objects.create(user=user, name=name, digest=cls.digest_of(token), hint=token[:8])
        return obj, token

    @classmethod
    def user_for(cls, token: str):
        try:
            obj = cls.objects.select_related("user").get(digest=cls.digest_of(token))
        except cls.DoesNotExist:
            return None
        if not obj.user.is_active:
            return None
        return obj.user
