"""Every status the API can answer, documented in its OpenAPI document, with the limits.

The routes declare their success responses; the error answers are the same for all of
them (``errors.py``: ``{"detail": [{"loc", "msg", "type"}]}``), so they are added here in
one place, each where it can happen: 403 (CSRF) and 413/415 only where a body is sent, 404
where an id is in the path, 409 where an entry's moment must be unique. The OpenAPI-driven
fuzzer (``tests/ops/test_api_fuzz.py``) checks that nothing else is ever answered.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from ninja import NinjaAPI

from painscope.web.limits import megabytes

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "description": "Every problem found, each with the path to the value at fault.",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        }
    },
}
UNSAFE = {"post", "put", "patch", "delete"}
WITH_BODY = {"post", "put", "patch"}


def _error(description: str, **headers: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if headers:
        response["headers"] = {name: {"description": text, "schema": {"type": "integer"}} for name, text in headers.items()}
    return response


def _errors_for(path: str, method: str) -> dict[str, dict[str, Any]]:
    json_limit = megabytes(settings.MAX_JSON_BYTES)
    import_limit = megabytes(settings.MAX_IMPORT_BYTES)
    out = {
        "400": _error("The body or a query parameter cannot be read (not JSON, NaN/Infinity, bad encoding)."),
        "401": _error("No valid token (Authorization: Bearer ps_...) and no signed-in session."),
        "422": _error("A value is not acceptable; `loc` names it. Nothing was stored."),
        "429": _error("Too many requests from this token or address: wait and retry (docs/api.md gives the limits).",
                      **{"Retry-After": "seconds to wait before the next request"}),
        "500": _error("An unexpected error on the server; nothing was stored. The body is still this JSON shape."),
    }
    if "{" in path:
        out["404"] = _error("No such id for you (another person's ids answer the same).")
    if method in UNSAFE:
        out["403"] = _error("A session request without the CSRF token (X-CSRFToken header).")
    if method in WITH_BODY:
        limit = import_limit if path.endswith("/import") else json_limit
        out["413"] = _error(f"The body is larger than {limit} (MB = 10^6 bytes).")
        wants = "text/csv" if path.endswith("/import") else "application/json"
        out["415"] = _error(f"The body is not sent as {wants}.")
    if (path.endswith("/entries") and method == "post") or (path.endswith("/entries/{entry_id}") and method == "put"):
        out["409"] = _error("An entry at the same moment already exists (the message gives its id).")
    return out


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error responses (and the CSV media type of the export) to ``schema``, in place."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            # ninja keys the declared responses by int; JSON (and this) by string
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, response in _errors_for(path, method).items():
                responses.setdefault(status, response)
            if path.endswith("/export.csv") and "200" in responses:
                responses["200"]["content"] = {"text/csv": {"schema": {"type": "string"}}}
    return schema


def install(api: NinjaAPI) -> None:
    """Make ``api``'s OpenAPI document include :func:`complete`'s additions."""
    original = api.get_openapi_schema

    def get_openapi_schema(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return complete(original(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema  # type: ignore[method-assign]
