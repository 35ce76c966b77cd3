"""Who is calling: a personal API token (``Authorization: Bearer ps_...``) or the session.

The token is for scripts and apps; the session cookie is for the site's own pages' JavaScript
and, because a browser sends cookies by itself, unsafe methods with the cookie must carry
the CSRF token (``X-CSRFToken`` header), exactly as Django forms do.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from painscope.web.api.errors import PayloadTooLarge, UnsupportedMediaType

# Writing last_used on every request would make every read a write; a minute is precise
# enough to tell a person which token is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)

# An entry, medication or dose is a few kilobytes at most; the CSV import has its own limit.
MAX_JSON_BYTES = settings.MAX_JSON_BYTES


class BearerToken(HttpBearer):
    """A personal API token, looked up by its SHA-256 (``ApiToken.record_for``): unknown,
    expired and ended tokens (a password change ends them all) answer 401."""

    def authenticate(self, request: HttpRequest, token: str):
        from painscope.web.accounts.models import ApiToken

        token = token.strip()
        if not token:
            return None
        record = ApiToken.record_for(token)
        if record is None:
            return None
        note_use(record)
        return record.user


def note_use(record) -> bool:
    """Write the token's ``last_used`` if it is older than a minute, but never wait for it.

    A long import holds SQLite's write lock for its whole transaction; with the site's
    10-second busy timeout a read that also wrote ``last_used`` would wait and then fail
    with "database is locked". So the write is tried once without waiting (SQLite: busy
    timeout 0 for this statement; PostgreSQL: ``SKIP LOCKED``) and skipped when the store
    is busy: the next request a minute later records it. Returns whether it was written.
    """
    from django.db import DatabaseError, connection, transaction

    from painscope.web.accounts.models import ApiToken

    now = timezone.now()
    if record.last_used is not None and record.last_used >= now - LAST_USED_RESOLUTION:
        return False
    stale = ApiToken.objects.filter(pk=record.pk).exclude(last_used__gte=now - LAST_USED_RESOLUTION)
    try:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout")
                waited = cursor.fetchone()[0]
                cursor.execute("PRAGMA busy_timeout = 0")
            try:
                with transaction.atomic():
                    written = stale.update(last_used=now)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute(f"PRAGMA busy_timeout = {int(waited)}")
        else:
            with transaction.atomic():
                ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
                written = ApiToken.objects.filter(pk__in=ids).update(last_used=now)
    except DatabaseError:
        return False
    if written:
        record.last_used = now
    return bool(written)


class SessionCookie(APIKeyCookie):
    """The logged-in person of the site; unsafe methods need the CSRF token."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # The CSRF check is done in authenticate, and only for a logged-in session, so a
        # request with neither a token nor a session answers 401, not a CSRF 403.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header")
        return user


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON")


def require_content_type(request: HttpRequest, accepted: tuple[str, ...]) -> None:
    given = (request.content_type or "").lower()
    if given not in accepted:
        raise UnsupportedMediaType(
            f"send the body as {' or '.join(accepted)} (got '{given or 'no Content-Type'}')"
        )


def require_size(request: HttpRequest, limit: int) -> None:
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        size = 0
    if size > limit:
        raise PayloadTooLarge(size, limit)


class JsonParser(Parser):
    """Reads only ``application/json`` bodies of reasonable size; rejects NaN and Infinity."""

    def parse_body(self, request: HttpRequest):
        require_content_type(request, ("application/json",))
        require_size(request, MAX_JSON_BYTES)
        body = request.body
        if len(body) > MAX_JSON_BYTES:
            raise PayloadTooLarge(len(body), MAX_JSON_BYTES)
        return json.loads(body, parse_constant=_reject_constant)
