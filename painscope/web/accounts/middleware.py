"""Session rules that hold on every page: idle sign-out, and two-step sign-in first.

``IdleTimeoutMiddleware`` signs a session out after ``SESSION_IDLE_MINUTES`` without a
request (``CLINICIAN_IDLE_MINUTES`` for clinicians; ASVS 4.0.3 3.3.2 asks for 30 min idle
at level 2). It notes the time of activity at most once a minute, so reading pages does not
turn into a database write per request.

``SecondFactorMiddleware`` (after django-otp's ``OTPMiddleware``): a person who has an
authenticator but whose session has not passed the code step is sent to it; a clinician
without an authenticator is sent to set one up before anything else. Requests with an API
token are left alone: the token is the credential there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from painscope.web.accounts import twofactor

SEEN_KEY = "painscope_seen"
SEEN_RESOLUTION_SECONDS = 60


def _uses_token(request: HttpRequest) -> bool:
    return bool(request.META.get("HTTP_AUTHORIZATION"))


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def idle_limit_seconds(user) -> int:
    minutes = settings.CLINICIAN_IDLE_MINUTES if twofactor.is_clinician(user) else settings.SESSION_IDLE_MINUTES
    return int(minutes * 60)


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _uses_token(request):
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            limit = idle_limit_seconds(user)
            if isinstance(seen, int) and now - seen > limit:
                logout(request)
                if _is_api(request):
                    return JsonResponse({"detail": [{"loc": [], "msg": "Unauthorized"}]}, status=401)
                minutes = round(limit / 60)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity, to keep your diary private.")
                    % {"minutes": minutes},
                )
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if not isinstance(seen, int) or now - seen >= SEEN_RESOLUTION_SECONDS:
                request.session[SEEN_KEY] = now
        return self.get_response(request)


# Pages a half-signed-in person may still open: the code step, setting up the app,
# signing out, and what needs no account at all.
# the JavaScript catalogue too: the code step's own page needs its scripts' words (no data in it)
OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/two-factor/", "/static/", "/healthz", "/jsi18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or _uses_token(request)
            or request.path.startswith(OPEN_PREFIXES)
            or user.is_verified()
        ):
            return self.get_response(request)
        if twofactor.has_two_factor(user):
            target, why = "login_code", "Enter the code from your authenticator app to go on."
        elif twofactor.is_clinician(user):
            target, why = "two_factor", "Clinician accounts need two-step sign-in: set it up to go on."
        else:
            return self.get_response(request)
        if _is_api(request):
            return JsonResponse({"detail": [{"loc": [], "msg": why}]}, status=403)
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
