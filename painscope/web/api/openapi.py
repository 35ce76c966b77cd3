"""The OpenAPI document says what every route may answer besides its success (issue 14).

django-ninja documents each operation's own responses; the answers every operation can give
— ``401`` without credentials, ``429`` over a rate limit (with ``Retry-After``) and ``500``
— are added here, all in the one error format of ``errors.py``, and the limits themselves
are written into the API's description and the ``x-rate-limits`` extension.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from painscope.web.api import limits

ERROR_BODY = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
                "additionalProperties": True,
            },
        }
    },
}
_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}


def _error(description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR_REF}}, **extra}


def common_responses() -> dict[str, dict[str, Any]]:
    person, anonymous = limits.describe(limits.user_rate()), limits.describe(limits.anon_rate())
    return {
        "401": _error("No valid token or session."),
        "429": _error(
            f"Too many requests: at most {person} per person, and {anonymous} per client address "
            "for requests without valid credentials.",
            headers={"Retry-After": {"description": "Seconds to wait before trying again.",
                                     "schema": {"type": "integer", "minimum": 1}}},
        ),
        "500": _error("A fault of the server; the message carries a reference to its log line."),
    }


class DocumentedAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI lists the statuses every operation shares."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorBody"] = ERROR_BODY
        shared = common_responses()
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                for status, response in shared.items():
                    operation["responses"].setdefault(status, response)
        person, anonymous = limits.describe(limits.user_rate()), limits.describe(limits.anon_rate())
        schema["info"]["description"] = (
            f"{schema['info'].get('description', '')} Rate limits: {person} per person; {anonymous} "
            "per client address for requests without valid credentials; over a limit the answer "
            "is 429 with Retry-After."
        ).strip()
        schema["info"]["x-rate-limits"] = {"per_person": limits.user_rate(), "per_address_without_credentials": limits.anon_rate()}
        return schema
