"""The JSON API under /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Authentication: a personal token (``Authorization: Bearer ps_...``, from ``painscope user
token`` or the account page) or the site's session cookie with CSRF for unsafe methods.
Every route reaches data only through the ownership helpers of
``painscope.web.journal.services``, so another person's ids answer 404. Errors are always
``{"detail": [{"loc": [...], "msg": ...}]}`` (see ``errors.py`` and docs/api.md).
"""

from __future__ import annotations

from ninja import NinjaAPI

from painscope.web.api import entries, errors, medications, transfer
from painscope.web.api.auth import BearerToken, JsonParser, SessionCookie

api = NinjaAPI(
    title="painscope API",
    version="1",
    description="A person's pain diary, medications and dose log. See docs/api.md.",
    urls_namespace="api",
    auth=[BearerToken(), SessionCookie()],
    parser=JsonParser(),
)
errors.install(api)
api.add_router("", entries.router)
api.add_router("", medications.router)
api.add_router("", transfer.router)
