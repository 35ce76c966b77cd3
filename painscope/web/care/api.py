"""/api/v1/patients: what a clinician's token (or session) may read of the people who
shared with them. Every route asks the gate (:mod:`painscope.web.care.gate`), which logs the
access in the patient's audit log; outside the share's scope, unshared, expired or revoked,
the answer is the API's usual JSON 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from ninja import Query, Router

from painscope.web.api.entries import entries_json
from painscope.web.api.medications import medication_json
from painscope.web.api.query import DEFAULT_LIMIT, check_paging, check_range, parse_bound
from painscope.web.care import gate
from painscope.web.care.scope import observation_visible

router = Router(tags=["patients"])


def _patient_json(clinician, patient) -> dict[str, Any]:
    share = gate.active_share(clinician, patient)
    return {
        "id": patient.pk,
        "username": patient.username,
        "scope": list(share.scope) if share else [],
        "share_ends": share.ends.isoformat() if share else None,
    }


@router.get("/patients", url_name="patients", summary="The patients who share their data with you")
def list_patients(request: HttpRequest, limit: int = DEFAULT_LIMIT, offset: int = 0):
    check_paging(limit, offset)
    patients = gate.shared_patients(request.auth)
    count = patients.count()
    items = [_patient_json(request.auth, p) for p in patients[offset : offset + limit]]
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.get("/patients/{int:patient_id}", url_name="patient", summary="One patient who shares with you")
def get_patient(request: HttpRequest, patient_id: int):
    patient = _shared(request.auth, patient_id)
    return _patient_json(request.auth, patient)


def _shared(clinician, patient_id: int):
    """The patient if any share of theirs to ``clinician`` is active now; 404 otherwise.

    Nobody is their own patient: a person asking for their own id gets the same 404 (their
    data is at /entries and /medications), not a crash on a missing share.
    """
    patient = next((p for p in gate.shared_patients(clinician).filter(pk=patient_id)), None)
    if patient is None:
        gate.patient_for(clinician, patient_id, "diary")  # logs a refusal and raises 404 ...
        raise Http404("No such patient")  # ... or the id is the asker's own
    return patient


@router.get("/patients/{int:patient_id}/entries", url_name="patient_entries", summary="A patient's check-ins (needs the diary scope)")
def patient_entries(
    request: HttpRequest,
    patient_id: int,
    date_from: str | None = Query(None, alias="from", description="ISO date (local day) or date-time with offset; inclusive"),
    date_to: str | None = Query(None, alias="to", description="ISO date (local day) or date-time with offset; inclusive"),
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
):
    from painscope.web.journal import services as journal

    start, end = parse_bound(date_from, "from"), parse_bound(date_to, "to")
    check_range(start, end)
    check_paging(limit, offset)
    patient = gate.patient_for(request.auth, patient_id, "diary")
    kinds = gate.allowed_kinds(request.auth, patient)
    for extra in ("wearables", "notes"):  # logged when the page holds them
        if extra in kinds:
            gate.may_see(request.auth, patient, extra)
    rows = journal.entries_for_user(patient, viewer=request.auth)
    if start is not None:
        rows = rows.filter(utc__gte=start) if isinstance(start, datetime) else rows.filter(local_date__gte=start)
    if end is not None:
        rows = rows.filter(utc__lte=end) if isinstance(end, datetime) else rows.filter(local_date__lte=end)
    count = rows.count()
    page = rows.order_by("-utc").values_list("pk", "utc", "offset_minutes", "local_date", "source")[offset : offset + limit]
    items = entries_json(list(page))
    for item in items:
        item["observations"] = [
            {**o, "note": o["note"] if "notes" in kinds else ""}
            for o in item["observations"] if observation_visible(o["kind"], kinds)
        ]
    return JsonResponse({"count": count, "limit": limit, "offset": offset, "items": items})


@router.get("/patients/{int:patient_id}/medications", url_name="patient_medications",
            summary="A patient's medications (needs the medications scope)")
def patient_medications(request: HttpRequest, patient_id: int, limit: int = DEFAULT_LIMIT, offset: int = 0):
    from painscope.web.journal import services as journal

    check_paging(limit, offset)
    patient = gate.patient_for(request.auth, patient_id, "medications")
    notes = "notes" in gate.allowed_kinds(request.auth, patient) and gate.may_see(request.auth, patient, "notes")
    rows = journal.medications_for_user(patient, viewer=request.auth).order_by("name", "pk")
    items = [{**medication_json(m), "notes": m.notes if notes else ""} for m in rows[offset : offset + limit]]
    return {"count": rows.count(), "limit": limit, "offset": offset, "items": items}
