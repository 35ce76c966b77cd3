"""The JSON API under /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json)."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="painscope API", version="1", urls_namespace="api")
