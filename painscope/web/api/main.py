"""The JSON API under /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Authentication: a personal token (``Authorization: Bearer ps_...``, from ``painscope user
token`` or the account page) or the site's session cookie with CSRF for unsafe methods.
Every route reaches data only through the ownership helpers of
``painscope.web.journal.services``, so another person's ids answer 404. Errors are always
``{"detail": [{"loc": [...], "msg": ...}]}`` (see ``errors.py`` and docs/api.md).
"""

from __future__ import annotations

from painscope.web.api import entries, errors, medications, openapi_statuses, transfer
from painscope.web.api.auth import BearerToken, JsonParser, SessionCookie
from painscope.web.api.limits import PersonThrottle
from painscope.web.api.openapi import DocumentedAPI
from painscope.web.care import api as care_api

api = DocumentedAPI(
    title="painscope API",
    version="1",
    description="A person's pain diary, medications and dose log. See docs/api.md.",
    urls_namespace="api",
    auth=[BearerToken(), SessionCookie()],
    parser=JsonParser(),
    throttle=[PersonThrottle()],
)
errors.install(api)
openapi_statuses.install(api)  # every error status and limit in the OpenAPI document
api.add_router("", entries.router)
api.add_router("", medications.router)
api.add_router("", transfer.router)
api.add_router("", care_api.router)  # /patients: a clinician's view, through the gate
