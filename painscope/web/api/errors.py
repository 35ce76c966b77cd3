"""One error format for the whole API: ``{"detail": [{"loc": [...], "msg": ...}]}``.

``loc`` is the path to the offending value, as in pydantic and FastAPI: ``["body",
"observations", 0, "value"]``, ``["query", "from"]``, ``["path", "entry_id"]``. Errors that
concern no single field (404, 401) carry an empty ``loc``. Every handler here answers JSON,
so a client never has to parse an HTML error page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

Loc = Sequence[str | int]


class ApiError(Exception):
    """An error for the client: an HTTP status and one or more (loc, message) problems."""

    def __init__(self, status: int, problems: list[dict[str, Any]]) -> None:
        super().__init__(problems)
        self.status = status
        self.problems = problems


def problem(loc: Loc, msg: str, kind: str = "value_error", **extra: Any) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": kind, **extra}


def fail(status: int, loc: Loc, msg: str, kind: str = "value_error") -> ApiError:
    return ApiError(status, [problem(loc, msg, kind)])


class UnsupportedMediaType(Exception):
    """The body is not in the media type the route reads (raised by the JSON parser)."""


class PayloadTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(size, limit)
        self.size = size
        self.limit = limit


def _respond(api: NinjaAPI, request: HttpRequest, status: int, problems: list[dict[str, Any]]) -> HttpResponse:
    return api.create_response(request, {"detail": problems}, status=status)


def _body_loc(loc: Loc) -> list[str | int]:
    # ninja puts the parameter's name after "body" ("body", "payload", "timestamp");
    # clients know the JSON they sent, not our parameter name, so drop it.
    loc = list(loc)
    if len(loc) >= 2 and loc[0] == "body" and loc[1] == "payload":
        del loc[1]
    return loc


def install(api: NinjaAPI) -> None:
    """Register the JSON error handlers on ``api``."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _respond(api, request, exc.status, exc.problems)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems = [
            problem(_body_loc(e.get("loc", ())), str(e.get("msg", "invalid value")), str(e.get("type", "value_error")))
            for e in exc.errors
        ]
        return _respond(api, request, 422, problems)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, UnsupportedMediaType):
            return _respond(api, request, 415, [problem(["header", "Content-Type"], str(cause), "unsupported_media_type")])
        if isinstance(cause, PayloadTooLarge):
            return on_too_large(request, cause)
        if exc.status_code == 400 and cause is not None:
            # ninja wraps parser failures; say what was wrong with the JSON
            return _respond(api, request, 400, [problem(["body"], f"the body is not valid JSON ({cause})", "json_invalid")])
        kind = "not_authenticated" if isinstance(exc, AuthenticationError) else "http_error"
        return _respond(api, request, exc.status_code, [problem([], exc.message, kind)])

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # The same answer for "does not exist" and "belongs to someone else" (no leak).
        msg = str(exc) if str(exc).startswith("No such") else "Not found"
        return _respond(api, request, 404, [problem([], msg, "not_found")])

    def on_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        if isinstance(exc, PayloadTooLarge):
            msg = f"the body is {exc.size / 1e6:.1f} MB; the limit for this route is {exc.limit / 1e6:.1f} MB"
        else:
            msg = "the body is larger than the server accepts"
        return _respond(api, request, 413, [problem(["body"], msg, "too_large")])

    def on_unsupported(request: HttpRequest, exc: UnsupportedMediaType) -> HttpResponse:
        return _respond(api, request, 415, [problem(["header", "Content-Type"], str(exc), "unsupported_media_type")])

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(RequestDataTooBig, on_too_large)
    api.add_exception_handler(PayloadTooLarge, on_too_large)
    api.add_exception_handler(UnsupportedMediaType, on_unsupported)
