"""FHIR R4 resources for the diary and the medication records (pure: plain dicts, no Django).

Each diary observation (one row of the canonical diary frame) becomes an ``Observation``;
each medication a ``MedicationStatement``; each dose log a ``MedicationAdministration``.
They join the questionnaire resources of :mod:`painscope.instruments.fhir` in the one
Bundle that ``painscope export-fhir`` writes. All validate with ``fhir.resources`` (R4B,
the models the project already uses; ``tests/diary/test_fhir_diary.py``).

Codes (docs/data-formats.md, "FHIR"):

* the pain rating carries LOINC **72514-3** "Pain severity - 0-10 verbal numeric rating
  [Score] - Reported" beside the project code;
* every other item carries only a code of the project's diary CodeSystem
  (:data:`DIARY_SYSTEM`, code ``<kind>.<name>``, e.g. ``rating.fatigue``,
  ``measure.steps``, ``region.lower_back``): no LOINC or SNOMED CT code is claimed that was
  not checked, so body-map regions are not yet mapped to SNOMED CT body structures;
* medications are named by the person's text (``medicationCodeableConcept.text``): the
  diary stores no RxNorm or dm+d code.

Ids are UUIDv5 of the person and the record, so the same data always gives the same Bundle.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pandas as pd

#: The project's CodeSystem for diary items (code ``<kind>.<name>``).
DIARY_SYSTEM = "http://painscope.org/fhir/CodeSystem/diary"
LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
#: LOINC 72514-3: Pain severity - 0-10 verbal numeric rating [Score] - Reported.
PAIN_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")

#: Observation category per diary kind (HL7 observation-category codes): what the person
#: reports is "survey", a measure "activity" (steps, sleep) unless it is a heart measure.
CATEGORY = {"measure": "activity", "medication": "therapy"}


def _is_vital(name: str) -> bool:
    """Wearable heart measures (resting HR, HRV) are vital signs."""
    return name.startswith("hrv_") or name.startswith("resting_hr") or name.startswith("rmssd")


_NAMESPACE = uuid.UUID("6f1f3f0a-4a5e-4d0e-9a51-2f5d3c1b7e10")


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(p) for p in parts)))


def _instant(utc: datetime, offset_minutes: int) -> str:
    """ISO 8601 with the person's offset at that moment (FHIR dateTime with a zone)."""
    if utc.tzinfo is None:
        utc = utc.replace(tzinfo=UTC)
    try:
        return utc.astimezone(timezone(timedelta(minutes=int(offset_minutes)))).isoformat(timespec="seconds")
    except OverflowError:  # an instant within a day of year 1 or 9999: say it in UTC
        return utc.isoformat(timespec="seconds")


def _quantity(value: float, unit: str) -> dict[str, Any]:
    q: dict[str, Any] = {"value": round(float(value), 6)}
    if unit:
        q["unit"] = unit
    return q


@dataclass(frozen=True)
class MedicationRecord:
    """A medication as the export sees it (no Django): the person's own name and schedule."""

    id: int
    name: str
    dose: float
    unit: str
    as_needed: bool
    times: tuple[str, ...]
    start_date: date
    stop_date: date | None


@dataclass(frozen=True)
class DoseRecord:
    """A dose log: taken or skipped at ``at`` (aware), for the dose scheduled at ``scheduled_for``."""

    id: int
    medication_id: int
    status: str  # "taken" | "skipped"
    at: datetime
    scheduled_for: datetime | None
    dose: float | None


def diary_observations(patient_ref: str, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One Observation per row of a canonical diary frame (``painscope.diary``)."""
    out: list[dict[str, Any]] = []
    for row in frame.itertuples(index=False):
        kind, name = str(row.kind), str(row.name)
        utc = row.utc.to_pydatetime()
        when = _instant(utc, int(row.offset_minutes))
        coding = [{"system": DIARY_SYSTEM, "code": f"{kind}.{name}", "display": name.replace("_", " ")}]
        if kind == "rating" and name == "pain":
            coding.insert(0, {"system": LOINC, "code": PAIN_LOINC[0], "display": PAIN_LOINC[1]})
        category = "vital-signs" if kind == "measure" and _is_vital(name) else CATEGORY.get(kind, "survey")
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "id": _uuid(patient_ref, "diary", kind, name, utc.isoformat()),
            "status": "final",
            "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": category}]}],
            "code": {"coding": coding, "text": name.replace("_", " ")},
            "subject": {"reference": patient_ref},
            "effectiveDateTime": when,
            "performer": [{"reference": patient_ref}],  # self-reported or the person's device
        }
        value = row.value
        note = row.note if isinstance(row.note, str) else ""
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            obs["valueQuantity"] = _quantity(value, str(row.unit or ""))
        elif note:
            obs["valueString"] = note
        else:
            obs["valueBoolean"] = True  # a factor, food, region… marked at that check-in
        if note and "valueString" not in obs:
            obs["note"] = [{"text": note}]
        if kind == "region":
            obs["bodySite"] = {"coding": [{"system": DIARY_SYSTEM, "code": f"region.{name}"}],
                               "text": name.replace("_", " ")}
        out.append(obs)
    return out


def _dosage_text(med: MedicationRecord) -> str:
    amount = f"{med.dose:g} {med.unit}".strip()
    if med.as_needed:
        return f"{amount} as needed"
    return f"{amount} at {', '.join(med.times)}" if med.times else amount


def medication_statements(patient_ref: str, medications: Iterable[MedicationRecord],
                          today: date) -> list[dict[str, Any]]:
    """One MedicationStatement per medication (status from its start and stop dates)."""
    out = []
    for med in medications:
        ended = med.stop_date is not None and med.stop_date < today
        period: dict[str, str] = {"start": med.start_date.isoformat()}
        if med.stop_date is not None:
            period["end"] = med.stop_date.isoformat()
        dosage: dict[str, Any] = {"text": _dosage_text(med), "asNeededBoolean": bool(med.as_needed)}
        if med.dose > 0:
            dosage["doseAndRate"] = [{"doseQuantity": _quantity(med.dose, med.unit)}]
        out.append({
            "resourceType": "MedicationStatement",
            "id": medication_statement_id(patient_ref, med.id),
            "status": "completed" if ended else "active",
            "medicationCodeableConcept": {"text": med.name},
            "subject": {"reference": patient_ref},
            "effectivePeriod": period,
            "informationSource": {"reference": patient_ref},
            "dosage": [dosage],
        })
    return out


def medication_statement_id(patient_ref: str, medication_id: int) -> str:
    return _uuid(patient_ref, "medication", medication_id)


def medication_administrations(patient_ref: str, doses: Iterable[DoseRecord],
                               medications: Mapping[int, MedicationRecord]) -> list[dict[str, Any]]:
    """One MedicationAdministration per dose log: taken → completed, skipped → not-done."""
    out = []
    for d in doses:
        med = medications.get(d.medication_id)
        if med is None:
            continue
        at = d.at if d.at.tzinfo else d.at.replace(tzinfo=UTC)
        res: dict[str, Any] = {
            "resourceType": "MedicationAdministration",
            "id": _uuid(patient_ref, "dose", d.id),
            "status": "completed" if d.status == "taken" else "not-done",
            "medicationCodeableConcept": {"text": med.name},
            "subject": {"reference": patient_ref},
            "effectiveDateTime": at.isoformat(timespec="seconds"),
            "performer": [{"actor": {"reference": patient_ref}}],
            "supportingInformation": [{"reference": f"urn:uuid:{medication_statement_id(patient_ref, med.id)}"}],
        }
        if d.status != "taken":
            res["statusReason"] = [{"text": "skipped"}]
        if d.scheduled_for is not None:
            when = d.scheduled_for if d.scheduled_for.tzinfo else d.scheduled_for.replace(tzinfo=UTC)
            res["note"] = [{"text": f"scheduled for {when.isoformat(timespec='minutes')}"}]
        amount = d.dose if d.dose is not None else med.dose
        if d.status == "taken" and amount and amount > 0:
            res["dosage"] = {"dose": _quantity(amount, med.unit)}
        out.append(res)
    return out


def entries(resources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bundle entries with ``urn:uuid:`` full URLs for resources with UUID ids."""
    return [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]
