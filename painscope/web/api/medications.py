"""/api/v1/medications and /api/v1/doses: a person's medications and their dose log."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from painscope import diary
from painscope.diary.medications import pills_after
from painscope.web.api.errors import ApiError, problem
from painscope.web.api.query import DEFAULT_LIMIT, check_id, check_paging, check_range, parse_bound
from painscope.web.api.schemas import (
    DoseIn,
    DoseOut,
    DosePage,
    MedicationIn,
    MedicationOut,
    MedicationPage,
)
from painscope.web.journal import services
from painscope.web.journal.models import DoseLog, Medication

router = Router(tags=["medications"])

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# -- medications ----------------------------------------------------------------------------


def medication_json(m: Medication) -> dict[str, Any]:
    return {
        "id": m.pk,
        "name": m.name,
        "dose": m.dose,
        "unit": m.unit,
        "as_needed": m.as_needed,
        "times": m.times,
        "weekdays": m.weekdays,
        "timezone": m.timezone,
        "start_date": m.start_date,
        "stop_date": m.stop_date,
        "pills_left": m.pills_left,
        "pills_per_dose": m.pills_per_dose,
        "refill_threshold": m.refill_threshold,
        "notes": m.notes,
    }


def validate_medication(payload: MedicationIn) -> dict[str, Any]:
    """The fields to store, or a 422 naming every field that makes no sense as a schedule."""
    problems: list[dict[str, Any]] = []
    if not payload.name.strip():
        problems.append(problem(["body", "name"], "a medication needs a name"))
    for i, t in enumerate(payload.times):
        if not _TIME.match(t):
            problems.append(problem(["body", "times", i], f"'{t[:20]}' is not a time of day such as 08:00"))
    if len(set(payload.times)) != len(payload.times):
        problems.append(problem(["body", "times"], "a time of day is listed twice"))
    for i, d in enumerate(payload.weekdays):
        if not 1 <= d <= 7:
            problems.append(problem(["body", "weekdays", i], f"weekdays are 1 (Monday) to 7 (Sunday), got {d}"))
    if len(set(payload.weekdays)) != len(payload.weekdays):
        problems.append(problem(["body", "weekdays"], "a weekday is listed twice"))
    try:
        ZoneInfo(payload.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(problem(["body", "timezone"], f"'{payload.timezone[:64]}' is not an IANA time zone such as Europe/London"))
    if payload.stop_date is not None and payload.stop_date < payload.start_date:
        problems.append(problem(["body", "stop_date"], "the stop date is before the start date"))
    if payload.as_needed and payload.times:
        problems.append(problem(["body", "times"], "an as-needed medication has no scheduled times"))
    if problems:
        raise ApiError(422, problems)
    fields = payload.dict()
    fields["name"] = fields["name"].strip()
    fields["times"] = sorted(payload.times)
    fields["weekdays"] = sorted(payload.weekdays)
    return fields


@router.get("/medications", response=MedicationPage, url_name="medications", summary="List your medications")
def list_medications(request: HttpRequest, limit: int = DEFAULT_LIMIT, offset: int = 0):
    check_paging(limit, offset)
    rows = services.medications_for_user(request.auth).order_by("name", "pk")
    return {"count": rows.count(), "limit": limit, "offset": offset, "items": [medication_json(m) for m in rows[offset : offset + limit]]}


@router.post("/medications", response={201: MedicationOut}, url_name="medications", summary="Add a medication")
def create_medication(request: HttpRequest, payload: MedicationIn):
    med = Medication.objects.create(owner=request.auth, **validate_medication(payload))
    return Status(201, medication_json(med))


@router.get("/medications/{int:medication_id}", response=MedicationOut, url_name="medication", summary="One medication")
def get_medication(request: HttpRequest, medication_id: int):
    return medication_json(services.get_medication_for_user(request.auth, medication_id))


@router.put("/medications/{int:medication_id}", response=MedicationOut, url_name="medication", summary="Replace a medication")
def replace_medication(request: HttpRequest, medication_id: int, payload: MedicationIn):
    med = services.get_medication_for_user(request.auth, medication_id)
    for field, value in validate_medication(payload).items():
        setattr(med, field, value)
    med.save()
    return medication_json(med)


@router.delete("/medications/{int:medication_id}", response={204: None}, url_name="medication", summary="Delete a medication and its dose log")
def delete_medication(request: HttpRequest, medication_id: int):
    services.get_medication_for_user(request.auth, medication_id).delete()
    return Status(204, None)


# -- doses ----------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


def dose_json(d: DoseLog) -> dict[str, Any]:
    return {
        "id": d.pk,
        "medication": d.medication_id,
        "medication_name": d.medication.name,
        "status": d.status,
        "at": _iso(d.at),
        "scheduled_for": _iso(d.scheduled_for),
        "dose": d.dose,
        "note": d.note,
    }


def validate_dose(user, payload: DoseIn) -> dict[str, Any]:
    """Fields of a dose log; the medication must be one of the caller's (else 422, no leak)."""
    problems: list[dict[str, Any]] = []
    fields: dict[str, Any] = {"status": payload.status, "dose": payload.dose, "note": payload.note}
    try:
        fields["medication"] = services.get_medication_for_user(user, payload.medication)
    except Http404:
        problems.append(problem(["body", "medication"], f"you have no medication with id {payload.medication}"))
    for name in ("at", "scheduled_for"):
        text = getattr(payload, name)
        if text is None:
            fields[name] = None
            continue
        try:
            fields[name] = diary.parse_timestamp(text)[0]
        except ValueError as exc:
            problems.append(problem(["body", name], str(exc)))
    if problems:
        raise ApiError(422, problems)
    return fields


def _count_dose(dose: DoseLog, *, undo: bool = False) -> None:
    """Take a logged dose from its medication's supply (or give it back, ``undo``).

    The arithmetic is :func:`painscope.diary.medications.pills_after`, the same rule as the
    one-tap log on the overview page. Call inside a transaction.
    """
    if dose.status != DoseLog.TAKEN:
        return
    med = Medication.objects.select_for_update().get(pk=dose.medication_id)
    if med.pills_left is None:
        return
    med.pills_left = pills_after(med.pills_left, med.pills_per_dose, dose.status, undo=undo)
    med.save(update_fields=["pills_left"])


@router.get("/doses", response=DosePage, url_name="doses", summary="Your dose log, newest first")
def list_doses(
    request: HttpRequest,
    date_from: str | None = Query(None, alias="from", description="ISO date (UTC day) or date-time with offset; inclusive"),
    date_to: str | None = Query(None, alias="to", description="ISO date (UTC day) or date-time with offset; inclusive"),
    medication: int | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
):
    start, end = parse_bound(date_from, "from"), parse_bound(date_to, "to")
    check_range(start, end)
    check_paging(limit, offset)
    check_id(medication, "medication")
    rows = services.doses_for_user(request.auth).select_related("medication")
    if medication is not None:
        rows = rows.filter(medication_id=medication)
    if start is not None:
        rows = rows.filter(at__gte=start) if isinstance(start, datetime) else rows.filter(at__date__gte=start)
    if end is not None:
        rows = rows.filter(at__lte=end) if isinstance(end, datetime) else rows.filter(at__date__lte=end)
    rows = rows.order_by("-at", "-pk")
    return {"count": rows.count(), "limit": limit, "offset": offset, "items": [dose_json(d) for d in rows[offset : offset + limit]]}


@router.post("/doses", response={201: DoseOut}, url_name="doses", summary="Log a dose taken or skipped")
def create_dose(request: HttpRequest, payload: DoseIn):
    fields = validate_dose(request.auth, payload)
    with transaction.atomic():
        dose = DoseLog.objects.create(owner=request.auth, **fields)
        _count_dose(dose)
    return Status(201, dose_json(dose))


@router.get("/doses/{int:dose_id}", response=DoseOut, url_name="dose", summary="One dose log")
def get_dose(request: HttpRequest, dose_id: int):
    return dose_json(services.get_dose_for_user(request.auth, dose_id))


@router.put("/doses/{int:dose_id}", response=DoseOut, url_name="dose", summary="Replace a dose log")
def replace_dose(request: HttpRequest, dose_id: int, payload: DoseIn):
    dose = services.get_dose_for_user(request.auth, dose_id)
    fields = validate_dose(request.auth, payload)
    with transaction.atomic():
        _count_dose(dose, undo=True)  # the old log gives its pills back ...
        for field, value in fields.items():
            setattr(dose, field, value)
        dose.save()
        _count_dose(dose)  # ... and the new one takes them (possibly from another medication)
    return dose_json(dose)


@router.delete("/doses/{int:dose_id}", response={204: None}, url_name="dose", summary="Delete a dose log")
def delete_dose(request: HttpRequest, dose_id: int):
    dose = services.get_dose_for_user(request.auth, dose_id)
    with transaction.atomic():
        _count_dose(dose, undo=True)
        dose.delete()
    return Status(204, None)
