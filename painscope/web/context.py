"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"signup_enabled": settings.SIGNUP_ENABLED, "crisis_contacts": settings.CRISIS_CONTACTS}
