"""One time zone rule (issue 16): every time a person sees or types is in their account's
zone (``Profile.timezone``), whatever zone the phone is set to.

- ``AccountZoneMiddleware`` activates the account's zone for the request, so templates and
  ``timezone.localtime`` show stored instants in it.
- ``zone_context`` (a context processor) gives base.html the zone's name; static
  painscope/zone.js compares it with the browser's and says so when they differ.
- ``local_instant`` reads a typed wall-clock time in the zone, with one rule for the two
  clock changes of a year:

  * a time that happens twice (01:30 on the last Sunday of October in London) is the
    *first* one (``fold=0``, still summer time), the reading a person most likely means
    when writing down the night as it went;
  * a time that never happens (01:30 on the last Sunday of March in London) is refused
    with a message that names the time the clocks jumped to, rather than silently moved:
    a diary time that nobody typed would be a made-up data point.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from datetime import timezone as fixed_offset
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from painscope.i18n import language as science_language

_CACHE_ATTR = "_painscope_account_zone"


def zone_named(name: str) -> ZoneInfo:
    """``name`` as a ``ZoneInfo``; UTC when the name is unknown (as ``Profile.zone``)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _account_settings(request: HttpRequest) -> tuple[str, str] | None:
    """The signed-in person's (zone name, language code), or None when signed out.

    Read once per request in one query, without creating a profile (a page view writes
    nothing); no profile is UTC and no language choice."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(request, _CACHE_ATTR):
        from painscope.web.accounts.models import Profile

        stored = Profile.objects.filter(user=user).values_list("timezone", "language").first()
        zone, language = stored or ("UTC", "")
        setattr(request, _CACHE_ATTR, (zone_named(zone or "UTC").key, language or ""))
    return getattr(request, _CACHE_ATTR)


def account_zone_name(request: HttpRequest) -> str | None:
    """The signed-in person's zone name (``UTC`` without a profile), or None when signed out."""
    found = _account_settings(request)
    return None if found is None else found[0]


def account_language(request: HttpRequest) -> str:
    """The language the signed-in person chose in Account, "" when none (or signed out)."""
    found = _account_settings(request)
    language = "" if found is None else found[1]
    return language if language in dict(settings.LANGUAGES) else ""


class AccountZoneMiddleware:
    """Show every time of a signed-in person's pages in their account's zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = account_zone_name(request)
        if name is None:
            timezone.deactivate()
            return self.get_response(request)
        timezone.activate(zone_named(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class AccountLanguageMiddleware:
    """The pages in the language a signed-in person chose in Account, whatever the browser
    asks for (after LocaleMiddleware, which serves everyone else the browser's language)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = account_language(request)
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        # the science packages' sentences (painscope.i18n, no Django there) in the same language
        with science_language(translation.get_language()):
            return self.get_response(request)  # LocaleMiddleware's answer says Content-Language


def zone_context(request: HttpRequest) -> dict:
    """``account_zone``: the signed-in person's zone name for base.html (empty signed out)."""
    return {"account_zone": account_zone_name(request) or ""}


class NonexistentTime(ValueError):
    """A wall-clock time skipped by a clock change in the zone."""


def local_instant(naive: datetime, zone: tzinfo) -> datetime:
    """The instant a person means by ``naive`` on a clock in ``zone`` (see the module rule).

    Returns an aware datetime with the zone's fixed offset at that moment (so
    ``.isoformat()`` carries the offset). Raises :class:`NonexistentTime` for a time the
    clocks skip; the message is for people.
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    try:
        offset = aware.utcoffset()
        back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    except (OverflowError, ValueError):
        # Near year 1 or 9999: leave the calendar checks to diary.parse_timestamp.
        return aware
    if back != naive:
        jumped = naive + (naive.replace(tzinfo=zone, fold=1).utcoffset() - offset)
        zone_name = getattr(zone, "key", str(zone))
        raise NonexistentTime(
            f"{naive:%H:%M} on {naive.day} {naive:%b %Y} doesn't exist in {zone_name}: the clocks "
            f"went forward that night (did you mean {jumped:%H:%M}?)"
        )
    return aware.astimezone(fixed_offset(offset))
