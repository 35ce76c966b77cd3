"""/api/v1/entries: a person's check-ins, each a timestamp with tidy observations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest, JsonResponse
from ninja import Query, Router, Status

from painscope import diary
from painscope.diary.schema import KIND_ORDER
from painscope.web.api.errors import ApiError, fail, problem
from painscope.web.api.query import DEFAULT_LIMIT, check_paging, check_range, parse_bound
from painscope.web.api.schemas import EntryIn, EntryOut, EntryPage
from painscope.web.journal import services
from painscope.web.journal.models import Entry, Observation

router = Router(tags=["entries"])

_FLAT_RATINGS = ("pain", "fatigue", "sleep_quality", "stress", "mood", "brain_fog", "activity")
_FLAT_LISTS = {"regions": "region", "qualities": "quality", "factors": "factor", "foods": "food"}


def entry_json(entry: Entry) -> dict[str, Any]:
    return entries_json([(entry.pk, entry.utc, entry.offset_minutes, entry.local_date, entry.source)])[0]


def entries_json(rows: list[tuple]) -> list[dict[str, Any]]:
    """JSON of entries given as (id, utc, offset, local date, source), with observations.

    Reads plain values rather than model instances: a page of 500 check-ins holds about
    6000 observations, and building ORM objects for them was most of the page's time
    (benchmarks/web_dashboard_api.py).
    """
    items: dict[int, dict[str, Any]] = {}
    for pk, utc, offset, local_date, source in rows:
        items[pk] = {
            "id": pk,
            "timestamp": diary.format_timestamp(utc, offset),
            "local_date": local_date,
            "source": source,
            "observations": [],
        }
    observations = Observation.objects.filter(entry_id__in=list(items)).values_list(
        "entry_id", "kind", "name", "value", "unit", "note"
    )
    for entry_id, kind, name, value, unit, note in observations:
        items[entry_id]["observations"].append({"kind": kind, "name": name, "value": value, "unit": unit, "note": note})
    for item in items.values():
        item["observations"].sort(key=lambda o: (KIND_ORDER.get(o["kind"], 99), o["name"]))
    return list(items.values())


def _value_text(value: float | None) -> str:
    return "" if value is None else diary.format_value(value)


def _candidates(payload: EntryIn) -> list[tuple[list[str | int], bool, tuple[str, str, str, str, str]]]:
    """(loc, is_row, (kind, name, value text, unit, note)) for every observation given.

    ``is_row`` marks the ``observations`` list, whose problems are reported per column;
    a flat field is itself the location of its problem.
    """
    out: list[tuple[list[str | int], bool, tuple[str, str, str, str, str]]] = []
    for i, o in enumerate(payload.observations):
        out.append((["body", "observations", i], True, (o.kind, o.name, _value_text(o.value), o.unit, o.note)))
    for name in _FLAT_RATINGS:
        value = getattr(payload, name)
        if value is not None:
            out.append((["body", name], False, ("rating", name, _value_text(value), "", "")))
    for field, kind in _FLAT_LISTS.items():
        for i, code in enumerate(getattr(payload, field)):
            out.append((["body", field, i], False, (kind, code, "", "", "")))
    for name, value in payload.measures.items():
        out.append((["body", "measures", name], False, ("measure", name, _value_text(value), "", "")))
    if payload.flare is not None:
        out.append((["body", "flare"], False, ("flare", "flare", "1" if payload.flare else "0", "", "")))
    if payload.note is not None:
        out.append((["body", "note"], False, ("note", "note", "", "", payload.note)))
    return out


def validate_entry(payload: EntryIn) -> diary.Entry:
    """The entry as the diary understands it, or a 422 naming every bad field.

    Each observation goes through ``painscope.diary.check_observation``, the one place
    that knows the rules (the CSV import and the forms use it too).
    """
    problems: list[dict[str, Any]] = []
    utc: datetime | None = None
    offset = 0
    try:
        utc, offset = diary.parse_timestamp(payload.timestamp)
    except ValueError as exc:
        problems.append(problem(["body", "timestamp"], str(exc)))
    observations: list[diary.Observation] = []
    seen: dict[tuple[str, str], list[str | int]] = {}
    for loc, is_row, fields in _candidates(payload):
        obs, obs_problems = diary.check_observation(*fields)
        for column, message in obs_problems:
            problems.append(problem([*loc, column] if is_row else loc, message))
        if obs_problems:
            continue
        key = (obs.kind, obs.name)
        if key in seen:
            first = ".".join(str(p) for p in seen[key][1:])
            problems.append(problem(loc, f"{obs.kind} '{obs.name}' is given twice in this entry (also at {first})"))
            continue
        seen[key] = loc
        observations.append(obs)
    if not observations and not problems:
        problems.append(problem(["body", "observations"], "an entry needs at least one observation"))
    if problems:
        raise ApiError(422, problems)
    assert utc is not None
    return diary.Entry(utc, offset, observations)


def _conflict(user, utc: datetime, keep: int | None = None) -> None:
    clash = services.entries_for_user(user).filter(utc=utc).exclude(pk=keep).values_list("pk", flat=True).first()
    if clash is not None:
        raise fail(
            409,
            ["body", "timestamp"],
            f"you already have an entry at this moment (id {clash}); change that one with PUT /api/v1/entries/{clash}",
            "conflict",
        )


@router.get("/entries", response=EntryPage, url_name="entries", summary="List your entries, newest first")
def list_entries(
    request: HttpRequest,
    date_from: str | None = Query(None, alias="from", description="ISO date (local day) or date-time with offset; inclusive"),
    date_to: str | None = Query(None, alias="to", description="ISO date (local day) or date-time with offset; inclusive"),
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
):
    start, end = parse_bound(date_from, "from"), parse_bound(date_to, "to")
    check_range(start, end)
    check_paging(limit, offset)
    rows = services.entries_for_user(request.auth)
    if start is not None:
        rows = rows.filter(utc__gte=start) if isinstance(start, datetime) else rows.filter(local_date__gte=start)
    if end is not None:
        rows = rows.filter(utc__lte=end) if isinstance(end, datetime) else rows.filter(local_date__lte=end)
    count = rows.count()
    page = rows.order_by("-utc").values_list("pk", "utc", "offset_minutes", "local_date", "source")[offset : offset + limit]
    doc = {"count": count, "limit": limit, "offset": offset, "items": entries_json(list(page))}
    # Built from stored values in the documented shape (EntryPage); validating 6000
    # observations again on the way out doubled the time of a full page.
    return JsonResponse(doc)


@router.post("/entries", response={201: EntryOut}, url_name="entries", summary="Add an entry")
def create_entry(request: HttpRequest, payload: EntryIn):
    entry = validate_entry(payload)
    _conflict(request.auth, entry.utc)
    try:
        row = services.save_entry(request.auth, entry, source="api")
    except IntegrityError:  # the same moment stored by a concurrent request
        _conflict(request.auth, entry.utc)
        raise
    return Status(201, entry_json(row))


@router.get("/entries/{int:entry_id}", response=EntryOut, url_name="entry", summary="One entry")
def get_entry(request: HttpRequest, entry_id: int):
    return entry_json(services.get_entry_for_user(request.auth, entry_id))


@router.put("/entries/{int:entry_id}", response=EntryOut, url_name="entry", summary="Replace an entry")
def replace_entry(request: HttpRequest, entry_id: int, payload: EntryIn):
    row = services.get_entry_for_user(request.auth, entry_id)
    entry = validate_entry(payload)
    _conflict(request.auth, entry.utc, keep=row.pk)
    try:
        row = services.save_entry(request.auth, entry, replace=row)
    except IntegrityError:
        _conflict(request.auth, entry.utc, keep=row.pk)
        raise
    return entry_json(services.get_entry_for_user(request.auth, row.pk))


@router.delete("/entries/{int:entry_id}", response={204: None}, url_name="entry", summary="Delete an entry")
def delete_entry(request: HttpRequest, entry_id: int):
    services.delete_entry(request.auth, services.get_entry_for_user(request.auth, entry_id))
    return Status(204, None)
