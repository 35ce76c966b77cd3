"""One error format for the whole API: ``{"detail": [{"loc": [...], "msg": ...}]}``.

``loc`` is the path to the offending value, as in pydantic and FastAPI: ``["body",
"observations", 0, "value"]``, ``["query", "from"]``, ``["path", "entry_id"]``. Errors that
concern no single field (404, 401) carry an empty ``loc``. Every handler here answers JSON,
so a client never has to parse an HTML error page.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from typing import Any

from django.core import signals
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from painscope.web.limits import megabytes

logger = logging.getLogger("django.request")

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


SERVER_ERROR_MSG = ("something went wrong on the server; the error was logged with reference {ref}. "
                    "Try again later, and quote the reference if you report it")


def server_error_body(ref: str) -> dict[str, Any]:
    return {"detail": [problem([], SERVER_ERROR_MSG.format(ref=ref), "server_error", reference=ref)]}


def log_server_error(request: HttpRequest, exc: BaseException | None) -> str:
    """Log an unhandled error as Django does (``django.request``, with the traceback) and
    tell Django's listeners (the test client re-raises it); returns a short reference that
    ties the client's answer to the log line."""
    ref = secrets.token_hex(6)
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else True
    logger.error("Internal Server Error: %s (reference %s)", request.path, ref, exc_info=exc_info,
                 extra={"status_code": 500, "request": request})
    signals.got_request_exception.send(sender=None, request=request)
    return ref


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """``handler500``: the API's JSON error body under ``/api/``, Django's page elsewhere.

    Errors raised inside an API operation are answered by the API's own handler (below);
    this one covers what fails around it (middleware, URL resolution). Django has logged
    the error already.
    """
    if request.path_info.startswith("/api/"):
        return JsonResponse(server_error_body(secrets.token_hex(6)), status=500)
    from django.views.defaults import server_error as page

    return page(request)


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
        if isinstance(exc, Throttled):
            return on_throttled(request, exc)
        if isinstance(exc, AuthenticationError):
            from painscope.web.api.limits import anonymous_limit

            limited = anonymous_limit(request)
            if limited is not None:
                return limited
        kind = "not_authenticated" if isinstance(exc, AuthenticationError) else "http_error"
        return _respond(api, request, exc.status_code, [problem([], exc.message, kind)])

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        from painscope.web.api.limits import too_many_message

        # ninja adds Retry-After (whole seconds) to this response.
        return _respond(api, request, 429, [problem([], too_many_message(request, exc.wait), "rate_limited")])

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _respond(api, request, 403, [problem([], str(exc) or "permission denied", "permission_denied")])

    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return _respond(api, request, 400, [problem([], "the request was refused as malformed", "bad_request")])

    def on_unhandled(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Anything else is our fault: answer the documented JSON, never an HTML page.
        return _respond(api, request, 500, server_error_body(log_server_error(request, exc))["detail"])

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # The same answer for "does not exist" and "belongs to someone else" (no leak).
        msg = str(exc) if str(exc).startswith("No such") else "Not found"
        return _respond(api, request, 404, [problem([], msg, "not_found")])

    def on_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        if isinstance(exc, PayloadTooLarge):
            msg = f"the body is {megabytes(exc.size)}; the limit for this route is {megabytes(exc.limit)}"
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
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(SuspiciousOperation, on_suspicious)
    api.add_exception_handler(Exception, on_unhandled)
