"""Query-string helpers shared by the list routes: date ranges and paging."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from painscope.web.api.errors import ApiError, problem

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 10**9  # beyond any diary; larger numbers overflow the database's integers
MAX_ID = 2**63 - 1
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_bound(text: str | None, name: str) -> date | datetime | None:
    """A ``from``/``to`` bound: an ISO date (local calendar day) or an ISO datetime with offset.

    A ``+`` in a query string arrives as a space unless it was encoded as ``%2B``; a space
    before the offset is therefore read as ``+``.
    """
    if text is None or text.strip() == "":
        return None
    text = text.strip()
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ApiError(422, [problem(["query", name], f"'{text}' is not a calendar date")]) from None
    repaired = re.sub(r" (\d{2}:?\d{2})$", r"+\1", text)
    try:
        value = datetime.fromisoformat(repaired)
    except ValueError:
        raise ApiError(
            422,
            [problem(["query", name], f"'{text[:40]}' is not an ISO date (2024-03-01) or date-time with offset (2024-03-01T08:00:00%2B01:00)")],
        ) from None
    if value.tzinfo is None:
        raise ApiError(422, [problem(["query", name], f"'{text[:40]}' has no UTC offset (add e.g. Z or %2B01:00)")])
    try:
        # Compared in UTC by the database; near year 1 or 9999 an offset can leave the calendar.
        return value.astimezone(UTC)
    except OverflowError:
        raise ApiError(
            422, [problem(["query", name], f"'{text[:40]}' is outside the calendar once moved to UTC (years 1 to 9999)")]
        ) from None


def check_range(start: date | datetime | None, end: date | datetime | None) -> None:
    if start is None or end is None or isinstance(start, datetime) != isinstance(end, datetime):
        return
    if start > end:  # type: ignore[operator]
        raise ApiError(422, [problem(["query", "to"], "'to' is before 'from'")])


def check_id(value: int | None, name: str) -> None:
    if value is not None and not 1 <= value <= MAX_ID:
        raise ApiError(422, [problem(["query", name], f"{name} must be a positive id (got {value})")])


def check_paging(limit: int, offset: int) -> None:
    problems = []
    if not 1 <= limit <= MAX_LIMIT:
        problems.append(problem(["query", "limit"], f"limit must be between 1 and {MAX_LIMIT} (got {limit})"))
    if not 0 <= offset <= MAX_OFFSET:
        problems.append(problem(["query", "offset"], f"offset must be between 0 and {MAX_OFFSET} (got {offset})"))
    if problems:
        raise ApiError(422, problems)
