"""Liveness and readiness check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok"}`` when the database answers, 503 otherwise.

    GET or HEAD (some load balancers probe with HEAD). It needs no login and shows no data,
    and in production it is exempt from the HTTPS redirect (``SECURE_REDIRECT_EXEMPT``) so
    a probe on the internal network gets an answer instead of a 301.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "detail": "database unreachable"}, status=503)
    return JsonResponse({"status": "ok"})
