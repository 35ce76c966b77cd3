"""/api/v1/export.csv and /api/v1/import: the whole diary as the tidy CSV, out and in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router

from painscope import diary
from painscope.web.api.auth import require_content_type, require_size
from painscope.web.api.errors import ApiError, PayloadTooLarge, problem
from painscope.web.api.schemas import ImportOut
from painscope.web.journal import services

router = Router(tags=["import and export"])

CSV_TYPES = ("text/csv", "text/plain", "application/csv")


def import_limit() -> int:
    """Largest CSV accepted: ``settings.MAX_IMPORT_BYTES`` (``PAINSCOPE_MAX_IMPORT_MB``, default 50 MB).

    Twenty years of a busy diary is about 20 MB of CSV, so 50 MB leaves room without
    letting one request hold gigabytes in memory.
    """
    return int(settings.MAX_IMPORT_BYTES)


@router.get("/export.csv", url_name="export_csv", summary="Your whole diary as tidy CSV", response={200: str})
def export_csv(request: HttpRequest):
    response = HttpResponse(services.export_csv(request.auth), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="painscope-diary.csv"'
    return response


@router.post(
    "/import",
    response=ImportOut,
    url_name="import",
    summary="Add a tidy CSV to your diary (all rows or none)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string", "example": ",".join(diary.CSV_HEADER)}}},
        }
    },
)
def import_csv(request: HttpRequest):
    require_content_type(request, CSV_TYPES)
    limit = import_limit()
    require_size(request, limit)
    # read() rather than .body: .body stops at DATA_UPLOAD_MAX_MEMORY_SIZE, this route has its own limit
    data = request.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(len(data), limit)
    try:
        result = services.import_csv(request.auth, data, source="import")
    except diary.DiaryError as exc:
        problems = [
            problem(["body", p.line or 0, p.column], str(p), "diary_error", line=p.line, column=p.column)
            for p in exc.problems
        ]
        raise ApiError(422, problems) from None
    return result.as_dict()
