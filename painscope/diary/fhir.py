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

import csv
import io
import json
import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from painscope.diary.med_rows import DoseRow, PlanRow, dose_fields, plan_fields
from painscope.diary.schema import CSV_HEADER
from painscope.diary.tidy import (
    MAX_ERRORS_REPORTED,
    DiaryError,
    RowProblem,
    escape_cell,
    format_timestamp,
    format_value,
)

#: The project's CodeSystem for diary items (code ``<kind>.<name>``).
DIARY_SYSTEM = "http://painscope.org/fhir/CodeSystem/diary"
LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
#: LOINC 72514-3: Pain severity - 0-10 verbal numeric rating [Score] - Reported.
PAIN_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
#: Extension on MedicationStatement/Administration: the record's tidy CSV row (JSON list).
RECORD_EXTENSION = "http://painscope.org/fhir/StructureDefinition/tidy-record"

#: Observation category per diary kind (HL7 observation-category codes): what the person
#: reports is "survey", a measure "activity" (steps, sleep) unless it is a heart measure.
CATEGORY = {"measure": "activity", "medication": "therapy"}


def _is_vital(name: str) -> bool:
    """Wearable heart measures (resting HR, HRV) are vital signs."""
    return name.startswith("hrv_") or name.startswith("resting_hr") or name.startswith("rmssd")


#: Kinds whose value says whether the item was there (painscope.diary.tidy: 1, or 0).
PRESENCE_KINDS = frozenset({"region", "quality", "factor", "food", "flare", "menstruation"})

_NAMESPACE = uuid.UUID("6f1f3f0a-4a5e-4d0e-9a51-2f5d3c1b7e10")


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(p) for p in parts)))


def _instant(utc: datetime, offset_minutes: int) -> str:
    """ISO 8601 with the person's offset at that moment, as the tidy CSV writes it (FHIR
    dateTime with a zone; microseconds kept when there are any)."""
    if utc.tzinfo is None:
        utc = utc.replace(tzinfo=UTC)
    try:
        return format_timestamp(utc, int(offset_minutes))
    except OverflowError:  # an instant within a day of year 1 or 9999: say it in UTC
        return utc.isoformat()


def _quantity(value: float, unit: str) -> dict[str, Any]:
    q: dict[str, Any] = {"value": float(value)}  # JSON keeps the float exactly
    if unit:
        q["unit"] = unit
    return q


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
        if kind in PRESENCE_KINDS and value in (0.0, 1.0) and not row.unit:
            obs["valueBoolean"] = bool(value)  # marked (1) or explicitly not (0) at that check-in
        elif value is not None and not (isinstance(value, float) and math.isnan(value)):
            obs["valueQuantity"] = _quantity(value, str(row.unit or ""))
        elif note:
            obs["valueString"] = note
        else:
            obs["valueBoolean"] = True  # a presence stored without its value
        if note and "valueString" not in obs:
            obs["note"] = [{"text": note}]
        if kind == "region":
            obs["bodySite"] = {"coding": [{"system": DIARY_SYSTEM, "code": f"region.{name}"}],
                               "text": name.replace("_", " ")}
        out.append(obs)
    return out


def _dosage_text(plan: PlanRow) -> str:
    amount = f"{plan.dose:g} {plan.unit}".strip()
    if plan.as_needed:
        return f"{amount} as needed"
    return f"{amount} at {', '.join(plan.times)}" if plan.times else amount


def _record_extension(fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """The tidy CSV row of this record (:mod:`painscope.diary.med_rows`), so that importing the
    Bundle restores every field (schedule time zone, weekdays, supply, notes) exactly."""
    return [{"url": RECORD_EXTENSION, "valueString": json.dumps(list(fields), ensure_ascii=False)}]


def medication_statements(patient_ref: str, plans: Iterable[PlanRow], today: date) -> list[dict[str, Any]]:
    """One MedicationStatement per medication plan (status from its start and stop dates)."""
    out = []
    for plan in plans:
        ended = plan.stop_date is not None and plan.stop_date < today
        period: dict[str, str] = {"start": plan.start_date.isoformat()}
        if plan.stop_date is not None:
            period["end"] = plan.stop_date.isoformat()
        dosage: dict[str, Any] = {"text": _dosage_text(plan), "asNeededBoolean": bool(plan.as_needed)}
        if plan.times and not plan.as_needed:
            dosage["timing"] = {"repeat": {"timeOfDay": [f"{t}:00" for t in plan.times]}}
        if plan.dose > 0:
            dosage["doseAndRate"] = [{"doseQuantity": _quantity(plan.dose, plan.unit)}]
        out.append({
            "resourceType": "MedicationStatement",
            "id": medication_statement_id(patient_ref, plan.plan),
            "extension": _record_extension(plan_fields(plan)),
            "status": "completed" if ended else "active",
            "medicationCodeableConcept": {"text": plan.name},
            "subject": {"reference": patient_ref},
            "effectivePeriod": period,
            "informationSource": {"reference": patient_ref},
            "dosage": [dosage],
        })
    return out


def medication_statement_id(patient_ref: str, plan_number: int) -> str:
    return _uuid(patient_ref, "medication", plan_number)


def medication_administrations(patient_ref: str, doses: Iterable[DoseRow],
                               plans: Mapping[int, PlanRow]) -> list[dict[str, Any]]:
    """One MedicationAdministration per dose log: taken → completed, skipped → not-done."""
    out = []
    for number, d in enumerate(doses, start=1):
        plan = plans[d.plan]
        res: dict[str, Any] = {
            "resourceType": "MedicationAdministration",
            "id": _uuid(patient_ref, "dose", number),
            "extension": _record_extension(dose_fields(d, plan.name)),
            "status": "completed" if d.status == "taken" else "not-done",
            "medicationCodeableConcept": {"text": plan.name},
            "subject": {"reference": patient_ref},
            "effectiveDateTime": _instant(d.at, 0),
            "performer": [{"actor": {"reference": patient_ref}}],
            "supportingInformation": [{"reference": f"urn:uuid:{medication_statement_id(patient_ref, plan.plan)}"}],
        }
        if d.status != "taken":
            res["statusReason"] = [{"text": "skipped"}]
        notes = []
        if d.scheduled_for is not None:
            notes.append({"text": f"scheduled for {_instant(d.scheduled_for, 0)}"})
        if d.note:
            notes.append({"text": d.note})
        if notes:
            res["note"] = notes
        amount = d.dose if d.dose is not None else plan.dose
        if d.status == "taken" and amount and amount > 0:
            res["dosage"] = {"dose": _quantity(amount, plan.unit)}
        out.append(res)
    return out


def entries(resources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bundle entries with ``urn:uuid:`` full URLs for resources with UUID ids."""
    return [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]


# -- reading a Bundle back -------------------------------------------------------------------

#: The largest Bundle read (bytes): JSON parsing holds the whole document in memory.
MAX_BUNDLE_BYTES = 128 * 1024 * 1024


@dataclass
class BundleRead:
    """What a Bundle holds that painscope can store, as tidy CSV text, and what it left out.

    ``entry_of_line`` maps a line of ``csv_text`` (the header is line 1) to the Bundle entry
    (1-based) it came from, so a problem found when the rows are checked names the entry.
    """

    csv_text: str
    entry_of_line: dict[int, int]
    observations: int = 0
    medications: int = 0
    doses: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    #: (entry, resource) of each QuestionnaireResponse a person completed themselves, for
    #: the instruments package to read (this package does not know the questionnaires).
    questionnaires: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def left_out_sentences(self) -> list[str]:
        return [f"{n} {what} left out" for what, n in sorted(self.left_out.items())]


def _problem(entry: int, column: str, message: str) -> RowProblem:
    return RowProblem(entry, column, message, unit="entry")


def _diary_row(resource: dict[str, Any], entry: int, problems: list[RowProblem]) -> tuple[str, ...] | None:
    """The tidy row of a diary Observation, None for an Observation that is not a diary one."""
    coding = resource.get("code", {}).get("coding") if isinstance(resource.get("code"), dict) else None
    codes = [c for c in coding or [] if isinstance(c, dict)]
    ours = next((c.get("code") for c in codes if c.get("system") == DIARY_SYSTEM), None)
    if ours is None and any(c.get("system") == LOINC and c.get("code") == PAIN_LOINC[0] for c in codes):
        ours = "rating.pain"  # a pain score from another system
    if ours is None:
        return None
    if not isinstance(ours, str) or "." not in ours:
        problems.append(_problem(entry, "code", f"diary code {str(ours)[:40]!r} is not '<kind>.<name>'"))
        return None
    kind, name = ours.split(".", 1)
    when = resource.get("effectiveDateTime")
    if not isinstance(when, str):
        problems.append(_problem(entry, "effectiveDateTime", "a diary Observation needs effectiveDateTime"))
        return None
    value, unit, note = "", "", ""
    if "valueQuantity" in resource:
        q = resource["valueQuantity"]
        number = q.get("value") if isinstance(q, dict) else None
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
            problems.append(_problem(entry, "valueQuantity.value", "must be a number"))
            return None
        value = format_value(float(number))
        unit = q.get("unit", "") if isinstance(q.get("unit", ""), str) else ""
    elif "valueString" in resource:
        if not isinstance(resource["valueString"], str):
            problems.append(_problem(entry, "valueString", "must be text"))
            return None
        note = resource["valueString"]
    elif isinstance(resource.get("valueBoolean"), bool):
        value = "1" if resource["valueBoolean"] else "0"
    else:
        problems.append(_problem(entry, "value", "a diary Observation needs valueQuantity, valueString or valueBoolean"))
        return None
    notes = resource.get("note")
    if not note and isinstance(notes, list) and notes and isinstance(notes[0], dict):
        text = notes[0].get("text", "")
        note = text if isinstance(text, str) else ""
    return (when, kind, name, value, unit, note)


def _record_row(resource: dict[str, Any], entry: int, problems: list[RowProblem]) -> tuple[str, ...] | None:
    """The tidy row painscope wrote into a medication resource's extension (None: none there)."""
    extensions = resource.get("extension")
    for ext in extensions if isinstance(extensions, list) else []:
        if isinstance(ext, dict) and ext.get("url") == RECORD_EXTENSION:
            try:
                fields = json.loads(ext.get("valueString", ""))
            except (TypeError, ValueError):
                fields = None
            if not (isinstance(fields, list) and len(fields) == 6 and all(isinstance(f, str) for f in fields)):
                problems.append(_problem(entry, "extension", "the painscope record is not a list of 6 texts"))
                return None
            expected = "medication_plan" if resource.get("resourceType") == "MedicationStatement" else "dose_log"
            if fields[1] != expected:
                problems.append(_problem(entry, "extension", f"a {resource.get('resourceType')} must hold a {expected} record"))
                return None
            return tuple(fields)
    return None


def read_bundle(data: bytes | str) -> BundleRead:
    """The storable content of a FHIR Bundle (JSON): diary Observations, and the medication
    plans and dose logs painscope wrote. Raises :class:`DiaryError` naming the entry and
    field of each problem (nothing is stored then); QuestionnaireResponses are handed on in
    ``questionnaires``; score Observations, criteria results and resources from other
    systems are counted in ``left_out``."""
    size = len(data)
    if size > MAX_BUNDLE_BYTES:
        raise DiaryError(f"the Bundle is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB")
    try:
        doc = json.loads(data)
    except UnicodeDecodeError:
        raise DiaryError("the file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise DiaryError(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise DiaryError("not JSON painscope can read: nested too deeply") from None
    if not isinstance(doc, dict) or doc.get("resourceType") != "Bundle":
        raise DiaryError("not a FHIR Bundle (resourceType must be 'Bundle')")
    items = doc.get("entry", [])
    if not isinstance(items, list):
        raise DiaryError([RowProblem(None, "entry", "must be a list")])
    problems: list[RowProblem] = []
    diary_rows: list[tuple[tuple[str, ...], int]] = []
    plan_rows: list[tuple[tuple[str, ...], int]] = []
    dose_rows: list[tuple[tuple[str, ...], int]] = []
    left_out: dict[str, int] = {}
    questionnaires: list[tuple[int, dict[str, Any]]] = []

    def leave(what: str) -> None:
        left_out[what] = left_out.get(what, 0) + 1

    for number, item in enumerate(items, start=1):
        resource = item.get("resource") if isinstance(item, dict) else None
        if not isinstance(resource, dict):
            problems.append(_problem(number, "resource", "each entry needs a resource object"))
            continue
        kind = resource.get("resourceType")
        before = len(problems)  # a None row with a new problem is refused, without one left out
        if kind == "Observation":
            row = _diary_row(resource, number, problems)
            if row is not None:
                diary_rows.append((row, number))
            elif len(problems) == before:
                leave("questionnaire scores and criteria results (Observation; scores are recomputed from the answers)")
        elif kind in ("MedicationStatement", "MedicationAdministration"):
            row = _record_row(resource, number, problems)
            if row is not None:
                (plan_rows if kind == "MedicationStatement" else dose_rows).append((row, number))
            elif len(problems) == before:
                leave(f"{kind} from another system (not imported yet)")
        elif kind == "QuestionnaireResponse":
            if resource.get("author"):
                leave("questionnaires completed by a clinician (QuestionnaireResponse)")
            else:
                questionnaires.append((number, resource))
        else:
            leave(f"{str(kind)[:40]} resources")
        if len(problems) >= MAX_ERRORS_REPORTED:
            break
    if problems:
        raise DiaryError(problems)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    entry_of_line: dict[int, int] = {}
    line = 2
    for row, number in (*diary_rows, *plan_rows, *dose_rows):
        start = buffer.tell()
        ts, kind, name, value, unit, note = row
        writer.writerow((ts, kind, escape_cell(name), value, escape_cell(unit), escape_cell(note)))
        entry_of_line[line] = number
        line += buffer.getvalue().count("\n", start)
    return BundleRead(buffer.getvalue(), entry_of_line, observations=len(diary_rows), medications=len(plan_rows),
                      doses=len(dose_rows), left_out=left_out, questionnaires=questionnaires)
