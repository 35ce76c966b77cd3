"""Rate limits of the API (issue 14): per person, and per client address without credentials.

Built on django-ninja's throttling (``ninja.throttling.SimpleRateThrottle``: a sliding
window of request times kept in Django's cache). Two limits:

* **per person** — every request made with a person's token or session counts towards that
  person's limit, whichever token or browser it comes from
  (``PAINSCOPE_API_RATE``, default ``1200/min``, i.e. 20 a second on average);
* **per address without credentials** — a request that fails authentication (no token, a
  wrong or revoked one) counts towards its client address's limit
  (``PAINSCOPE_API_ANON_RATE``, default ``60/min``). The address is ``REMOTE_ADDR``:
  behind a reverse proxy the server must be told to trust the proxy's forwarded address
  (waitress does this with ``trusted_proxy``), never the raw ``X-Forwarded-For`` header,
  which any client can forge.

Over a limit the answer is ``429`` in the API's JSON error format with ``Retry-After``
(whole seconds, RFC 9110 §10.2.3). A rate is ``N/s``, ``N/min``, ``N/hour`` or ``N/day``;
``off`` switches a limit off. Counts live in Django's cache, so with several server
processes each keeps its own unless the cache is shared.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.throttling import SimpleRateThrottle

DEFAULT_USER_RATE = "1200/min"
DEFAULT_ANON_RATE = "60/min"
_UNIT_WORDS = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}


def _rate(name: str, default: str) -> str | None:
    value = str(getattr(settings, name, default) or "").strip()
    return None if value.lower() in ("", "off", "none", "0") else value


def user_rate() -> str | None:
    return _rate("API_RATE_USER", DEFAULT_USER_RATE)


def anon_rate() -> str | None:
    return _rate("API_RATE_ANON", DEFAULT_ANON_RATE)


def describe(rate: str | None) -> str:
    """'1200 per minute' for '1200/min' (as the docs and the 429 message say it)."""
    if rate is None:
        return "no limit"
    count, seconds = SimpleRateThrottle.parse_rate(SimpleRateThrottle.__new__(SimpleRateThrottle), rate)
    unit = _UNIT_WORDS.get(int(seconds or 1), f"{seconds} seconds")
    return f"{count} per {unit}"


class _SettingsThrottle(SimpleRateThrottle):
    """A ninja throttle whose rate is read from the settings at each request, so that a
    changed setting (or a test's override) applies without re-creating the API."""

    scope = "painscope"

    def __init__(self) -> None:  # ninja's __init__ parses a fixed rate; ours is per request
        self.rate = None
        self.num_requests = self.duration = None

    def rate_now(self) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = self.rate_now()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str | None:
        return request.META.get("REMOTE_ADDR") or "unknown"


class PersonThrottle(_SettingsThrottle):
    """Every authenticated request, keyed by the person (not the token)."""

    scope = "api-person"

    def rate_now(self) -> str | None:
        return user_rate()

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "auth", None)
        if user is None or getattr(user, "pk", None) is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class AnonymousThrottle(_SettingsThrottle):
    """Requests that failed authentication, keyed by the client address."""

    scope = "api-anon"

    def rate_now(self) -> str | None:
        return anon_rate()

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def too_many_message(request: HttpRequest, wait: float | None) -> str:
    anonymous = getattr(request, "auth", None) is None
    limit = describe(anon_rate() if anonymous else user_rate())
    who = "for requests without a valid token from one address" if anonymous else "per person"
    again = f"; try again in {math.ceil(wait)} s" if wait is not None else ""
    return f"too many requests: the limit is {limit} {who}{again}"


def anonymous_limit(request: HttpRequest) -> HttpResponse | None:
    """Count a request that failed authentication; the 429 answer once over the limit."""
    throttle = AnonymousThrottle()
    if throttle.allow_request(request):
        return None
    wait = throttle.wait()
    doc = {"detail": [{"loc": [], "msg": too_many_message(request, wait), "type": "rate_limited"}]}
    response = JsonResponse(doc, status=429)
    response["Retry-After"] = str(max(1, math.ceil(wait or throttle.duration or 1)))
    return response
