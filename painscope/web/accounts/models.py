"""Account extras: a person's settings, personal API tokens, recovery codes, the sign-up
and reset throttle, and the tombstones of erased accounts."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    timezone = models.CharField(max_length=64, default="UTC")
    tracked_factors = models.JSONField(default=list, blank=True)
    # The short first-run tour on the overview, until the person says "Got it".
    tour_done = models.BooleanField(default=False)
    # The pages' language (a code of settings.LANGUAGES); empty: the one the browser asks for.
    language = models.CharField(max_length=8, blank=True, default="")

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
    # Null only for a token made before expiry existed; such a token lives its default
    # lifetime from its creation (see is_expired).
    expires = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "token", days: int | None = None) -> tuple[ApiToken, str]:
        """A new token for ``user``, valid ``days`` days (default ``settings.API_TOKEN_DAYS``)."""
        days = settings.API_TOKEN_DAYS if days is None else days
        if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
            raise ValueError(f"a token lives between 1 and {settings.API_TOKEN_MAX_DAYS} days (got {days})")
        token = cls.PREFIX + secrets.token_urlsafe(32)
        obj = cls.objects.create(
            user=user, name=name[:80] or "token", digest=cls.digest_of(token), hint=token[:8],
            expires=timezone.now() + timedelta(days=days),
        )
        return obj, token

    @property
    def expires_at(self):
        if self.expires is not None:
            return self.expires
        created = self.created or timezone.now()
        return created + timedelta(days=settings.API_TOKEN_DAYS)

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def is_alive(self, now=None) -> bool:
        """Not expired, and the account is active. (A password change deletes every token:
        see ``validators.EndTokensOnPasswordChange``.)"""
        return not self.is_expired(now) and self.user.is_active

    @classmethod
    def record_for(cls, token: str) -> ApiToken | None:
        """The live token record for ``token``, or None (unknown, expired, dead)."""
        try:
            obj = cls.objects.select_related("user").get(digest=cls.digest_of(token))
        except cls.DoesNotExist:
            return None
        return obj if obj.is_alive() else None

    @classmethod
    def user_for(cls, token: str):
        obj = cls.record_for(token)
        return obj.user if obj is not None else None


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app (lost phone).

    Only a keyed hash is stored (ASVS 2.6.3: look-up secrets resist offline attack); a used
    code is deleted. Wrong guesses count against the TOTP device's throttle.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user}"

    @staticmethod
    def normalise(code: str) -> str:
        return "".join(ch for ch in code.lower() if ch.isalnum())

    @classmethod
    def digest_of(cls, user_pk: int, code: str) -> str:
        key = f"painscope-recovery:{settings.SECRET_KEY}".encode()
        return hmac.new(key, f"{user_pk}:{cls.normalise(code)}".encode(), hashlib.sha256).hexdigest()


class Throttle(models.Model):
    """One attempt at a rate-limited action (sign-up, reset email) from one network address.

    The address is kept only as a keyed hash, and rows older than the window are pruned on
    each check, so the table never holds a history of who came from where.
    """

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"


class ErasedAccount(models.Model):
    """The only trace of an erased account: that one was erased, and when (to the minute).

    No id, no name, no e-mail: nothing that points back at the person.
    """

    erased_at = models.DateTimeField()

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"an account erased at {self.erased_at:%Y-%m-%d %H:%M}"
