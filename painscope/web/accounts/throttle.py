"""Per-address rate limits for actions that anyone can start: sign-up and reset e-mails.

Counts live in the database (``Throttle``), so the limit holds across web workers and
restarts. The address is stored only as an HMAC under the site's secret key, and rows
older than the window are deleted on every check.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

WINDOW = timedelta(hours=1)


def client_address(request: HttpRequest) -> str:
    """The caller's address as django-axes sees it (one configuration for both)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def _key(address: str) -> str:
    secret = f"painscope-throttle:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()


def allow(scope: str, request: HttpRequest, limit: int, window: timedelta = WINDOW) -> bool:
    """Record one attempt at ``scope`` from the request's address; False when over ``limit``
    attempts in ``window`` (the refused attempt is not recorded, so waiting helps)."""
    from painscope.web.accounts.models import Throttle

    now = timezone.now()
    key = _key(client_address(request))
    with transaction.atomic():
        Throttle.objects.filter(scope=scope, at__lt=now - window).delete()
        if Throttle.objects.filter(scope=scope, key=key).count() >= limit:
            return False
        Throttle.objects.create(scope=scope, key=key, at=now)
    return True
