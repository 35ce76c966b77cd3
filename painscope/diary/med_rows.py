"""Medication plans and dose logs as rows of the tidy CSV (format version 2).

The tidy CSV (``timestamp,kind,name,value,unit,note``) carries observations; version 2 adds
two kinds of *record* rows so that an export holds a person's medications too and an
import on another site restores them (docs/data-formats.md):

``medication_plan``
    ``timestamp`` the start date at ``T00:00:00+00:00``; ``name`` the medication; ``value``
    the dose per intake; ``unit`` its unit; ``note`` a JSON object with the schedule and
    supply: ``{"as_needed", "notes", "pills_left", "pills_per_dose", "plan",
    "refill_threshold", "stop_date", "times", "timezone", "weekdays"}``. ``plan`` numbers
    the plans of the file (1, 2, ...) so that dose rows can name theirs: two plans may
    share a name (a dose change written as a new plan).
``dose_log``
    ``timestamp`` when the dose was taken or skipped; ``name`` the plan's medication;
    ``value`` the dose when one was recorded (else empty); ``unit`` empty; ``note`` a JSON
    object ``{"note", "plan", "scheduled_for", "status"}`` with ``status`` ``taken`` or
    ``skipped`` and ``scheduled_for`` the scheduled time it answers (or null).

The JSON is written canonically (sorted keys, no spaces, non-ASCII kept), so export →
import → export is byte-identical. Pure: no Django; the web layer stores
:class:`PlanRow` and :class:`DoseRow` (``painscope.web.journal.med_transfer``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from painscope.diary.schema import text_problem
from painscope.diary.tidy import (
    MAX_ERRORS_REPORTED,
    RowProblem,
    format_timestamp,
    format_value,
    parse_timestamp,
)

PLAN = "medication_plan"
DOSE = "dose_log"
FORMAT_VERSION = 2
MAX_RECORDS = 2_000_000
MAX_NAME = 80  # Medication.name
MAX_UNIT = 20
MAX_NOTES = 5_000
MAX_TIMES = 24
MAX_SUPPLY = 1_000_000
MIN_YEAR, MAX_YEAR = 1900, 9998  # as the diary's timestamps; stop dates too
STATUSES = ("taken", "skipped")
PLAN_KEYS = frozenset({"as_needed", "notes", "pills_left", "pills_per_dose", "plan", "refill_threshold",
                       "stop_date", "times", "timezone", "weekdays"})
DOSE_KEYS = frozenset({"note", "plan", "scheduled_for", "status"})
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_MIDNIGHT = "T00:00:00+00:00"


@dataclass(frozen=True)
class PlanRow:
    """One medication with its schedule, as the ``Medication`` table holds it."""

    plan: int
    name: str
    dose: float
    unit: str
    start_date: date
    as_needed: bool = False
    times: tuple[str, ...] = ()
    weekdays: tuple[int, ...] = ()
    timezone: str = "UTC"
    stop_date: date | None = None
    pills_left: float | None = None
    pills_per_dose: float = 1.0
    refill_threshold: int | None = None
    notes: str = ""

    def same_plan(self, other: PlanRow) -> bool:
        """The same medication plan whatever its file number and supply left (re-importing an
        older export must not add the plan again because pills were taken since)."""
        return (self.name, self.dose, self.unit, self.start_date, self.as_needed, self.times, self.weekdays,
                self.timezone, self.stop_date, self.pills_per_dose, self.refill_threshold, self.notes) == (
                other.name, other.dose, other.unit, other.start_date, other.as_needed, other.times, other.weekdays,
                other.timezone, other.stop_date, other.pills_per_dose, other.refill_threshold, other.notes)


@dataclass(frozen=True)
class DoseRow:
    """One dose taken or skipped (a ``DoseLog`` row); ``plan`` is its plan's number in the file."""

    plan: int
    at: datetime  # UTC
    status: str
    scheduled_for: datetime | None = None  # UTC
    dose: float | None = None
    note: str = ""

    def key(self) -> tuple[int, datetime, str, datetime | None, float | None, str]:
        return (self.plan, self.at, self.status, self.scheduled_for, self.dose, self.note)


# -- writing -------------------------------------------------------------------------------


def _json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _number(value: float | None) -> float | int | None:
    """JSON numbers as the tidy CSV writes them: 20 rather than 20.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else float(value)


def _utc_text(moment: datetime | None) -> str | None:
    return None if moment is None else format_timestamp(moment.astimezone(UTC), 0)


def plan_fields(plan: PlanRow) -> tuple[str, str, str, str, str, str]:
    doc = {
        "as_needed": plan.as_needed, "notes": plan.notes, "pills_left": _number(plan.pills_left),
        "pills_per_dose": _number(plan.pills_per_dose), "plan": plan.plan, "refill_threshold": plan.refill_threshold,
        "stop_date": plan.stop_date.isoformat() if plan.stop_date else None, "times": list(plan.times),
        "timezone": plan.timezone, "weekdays": list(plan.weekdays),
    }
    return (plan.start_date.isoformat() + _MIDNIGHT, PLAN, plan.name, format_value(plan.dose), plan.unit, _json(doc))


def dose_fields(dose: DoseRow, name: str) -> tuple[str, str, str, str, str, str]:
    doc = {"note": dose.note, "plan": dose.plan, "scheduled_for": _utc_text(dose.scheduled_for), "status": dose.status}
    return (_utc_text(dose.at) or "", DOSE, name, format_value(dose.dose), "", _json(doc))


def record_rows(plans: Iterable[PlanRow], doses: Iterable[DoseRow]) -> Iterator[tuple[str, str, str, str, str, str]]:
    """The rows of ``plans`` then ``doses`` in canonical order, to follow the observations.

    Plans keep the order given (their ``plan`` numbers must be 1, 2, ... in it); doses are
    ordered by time, then plan, status and scheduled time."""
    plans = list(plans)
    names = {p.plan: p.name for p in plans}
    for plan in plans:
        yield plan_fields(plan)
    for dose in sorted(doses, key=lambda d: (d.at, d.plan, d.status, d.scheduled_for or d.at, d.dose or 0.0, d.note)):
        yield dose_fields(dose, names[dose.plan])


# -- reading -------------------------------------------------------------------------------


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones()) | {"UTC"}
    return _ZONES


_ZONES: frozenset[str] | None = None


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text_field(problems: list[tuple[str, str]], column: str, label: str, text: Any, limit: int,
                *, multiline: bool = False, required: bool = False) -> str:
    if not isinstance(text, str):
        problems.append((column, f"{label} must be text"))
        return ""
    bad = text_problem(text, multiline=multiline)
    if bad:
        problems.append((column, f"{label} {bad}"))
    elif len(text) > limit:
        problems.append((column, f"{label} is longer than {limit} characters"))
    elif required and not text.strip():
        problems.append((column, f"{label} is required"))
    return text


def _doc(problems: list[tuple[str, str]], note: str, keys: frozenset[str], what: str) -> dict[str, Any] | None:
    try:
        doc = json.loads(note)
    except ValueError:
        problems.append(("note", f"the note of a {what} row must be its JSON object (see docs/data-formats.md)"))
        return None
    if not isinstance(doc, dict):
        problems.append(("note", f"the note of a {what} row must be a JSON object"))
        return None
    unknown = sorted(set(doc) - keys)
    missing = sorted(keys - set(doc))
    if unknown:
        problems.append(("note", f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown[:5])} in a {what} row"))
    if missing:
        problems.append(("note", f"a {what} row needs the key{'s' if len(missing) > 1 else ''} {', '.join(missing)}"))
    return None if unknown or missing else doc


def _plan_number(problems: list[tuple[str, str]], value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_RECORDS:
        problems.append(("note", "'plan' must be a whole number from 1"))
        return 0
    return value


def _moment(problems: list[tuple[str, str]], column: str, label: str, text: Any, now: datetime | None) -> datetime | None:
    if not isinstance(text, str):
        problems.append((column, f"{label} must be an ISO 8601 time with a UTC offset"))
        return None
    try:
        return parse_timestamp(text, now=now)[0]
    except ValueError as exc:
        problems.append((column, f"{label}: {exc}"))
        return None


def parse_plan(fields: list[str]) -> tuple[PlanRow | None, list[tuple[str, str]]]:
    """A ``medication_plan`` row (``timestamp, kind, name, value, unit, note``) → the plan."""
    ts, _kind, name, value_text, unit, note = fields
    problems: list[tuple[str, str]] = []
    start: date | None = None
    ts = ts.strip()
    if not ts.endswith(_MIDNIGHT):
        problems.append(("timestamp", f"a medication plan's timestamp is its start date at 00:00 UTC, "
                                      f"such as 2024-03-01{_MIDNIGHT}"))
    else:
        try:
            start = date.fromisoformat(ts[: -len(_MIDNIGHT)])
        except ValueError:
            problems.append(("timestamp", f"'{ts[:40]}' does not start with a date such as 2024-03-01"))
        else:
            if not MIN_YEAR <= start.year <= MAX_YEAR:
                problems.append(("timestamp", f"the start year {start.year} is outside {MIN_YEAR}-{MAX_YEAR}"))
                start = None
    name = _text_field(problems, "name", "the medication's name", name.strip(), MAX_NAME, required=True)
    unit = _text_field(problems, "unit", "the unit", unit.strip(), MAX_UNIT, required=True)
    try:
        dose = float(value_text)
    except ValueError:
        dose = math.nan
    if not math.isfinite(dose) or dose < 0:
        problems.append(("value", "the dose per intake must be a number of 0 or more"))
    doc = _doc(problems, note, PLAN_KEYS, "medication plan")
    if doc is None or start is None or problems:
        return None, problems
    plan = _plan_number(problems, doc["plan"])
    if not isinstance(doc["as_needed"], bool):
        problems.append(("note", "'as_needed' must be true or false"))
    times = doc["times"]
    if not isinstance(times, list) or len(times) > MAX_TIMES or not all(isinstance(t, str) and _TIME.match(t) for t in times):
        problems.append(("note", f"'times' must be a list of up to {MAX_TIMES} times of day such as \"08:00\""))
        times = None
    elif times != sorted(set(times)):
        problems.append(("note", "'times' must be in order, each once"))
    weekdays = doc["weekdays"]
    if (not isinstance(weekdays, list) or not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7
                                                  for d in weekdays)):
        problems.append(("note", "'weekdays' must be a list of ISO weekdays 1 (Monday) to 7 (Sunday)"))
        weekdays = []
    elif weekdays != sorted(set(weekdays)):
        problems.append(("note", "'weekdays' must be in order, each once"))
    if not doc["as_needed"] and times == []:
        problems.append(("note", "a scheduled medication needs at least one time ('times'), or 'as_needed': true"))
    zone = doc["timezone"]
    if not isinstance(zone, str) or zone not in _zones():
        problems.append(("note", f"'timezone' must be an IANA time zone such as Europe/Berlin (got {str(zone)[:40]!r})"))
    else:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(("note", f"the time zone {zone!r} is not known on this machine"))
    stop: date | None = None
    if doc["stop_date"] is not None:
        try:
            stop = date.fromisoformat(doc["stop_date"]) if isinstance(doc["stop_date"], str) else None
        except ValueError:
            stop = None
        if stop is None:
            problems.append(("note", "'stop_date' must be a date such as 2024-06-30, or null"))
        elif stop < start:
            problems.append(("note", "'stop_date' is before the start date"))
        elif stop.year > MAX_YEAR:
            problems.append(("note", f"'stop_date' is after {MAX_YEAR}"))
    pills_left = doc["pills_left"]
    if pills_left is not None and not (_finite(pills_left) and 0 <= pills_left <= MAX_SUPPLY):
        problems.append(("note", f"'pills_left' must be a number from 0 to {MAX_SUPPLY:,}, or null"))
    per_dose = doc["pills_per_dose"]
    if not (_finite(per_dose) and 0 <= per_dose <= MAX_SUPPLY):
        problems.append(("note", "'pills_per_dose' must be a number of 0 or more"))
    threshold = doc["refill_threshold"]
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int)
                                  or not 0 <= threshold <= MAX_SUPPLY):
        problems.append(("note", "'refill_threshold' must be a whole number of 0 or more, or null"))
    notes = _text_field(problems, "note", "'notes'", doc["notes"], MAX_NOTES, multiline=True)
    if problems:
        return None, problems
    return PlanRow(
        plan=plan, name=name, dose=dose, unit=unit, start_date=start, as_needed=doc["as_needed"], times=tuple(times or ()),
        weekdays=tuple(weekdays), timezone=zone, stop_date=stop,
        pills_left=None if pills_left is None else float(pills_left), pills_per_dose=float(per_dose),
        refill_threshold=threshold, notes=notes,
    ), []


def parse_dose(fields: list[str], *, now: datetime | None = None) -> tuple[DoseRow | None, str, list[tuple[str, str]]]:
    """A ``dose_log`` row → the dose and the medication name it gives."""
    ts, _kind, name, value_text, unit, note = fields
    problems: list[tuple[str, str]] = []
    at = _moment(problems, "timestamp", "the time of the dose", ts, now)
    name = _text_field(problems, "name", "the medication's name", name.strip(), MAX_NAME, required=True)
    dose: float | None = None
    if value_text.strip():
        try:
            dose = float(value_text)
        except ValueError:
            dose = math.nan
        if not math.isfinite(dose) or dose < 0:
            problems.append(("value", "the dose must be a number of 0 or more, or empty"))
    if unit.strip():
        problems.append(("unit", "a dose log row has no unit (its plan has it)"))
    doc = _doc(problems, note, DOSE_KEYS, "dose log")
    if doc is None or at is None or problems:
        return None, name, problems
    plan = _plan_number(problems, doc["plan"])
    if doc["status"] not in STATUSES:
        problems.append(("note", f"'status' must be one of {', '.join(STATUSES)}"))
    scheduled = None
    if doc["scheduled_for"] is not None:
        scheduled = _moment(problems, "note", "'scheduled_for'", doc["scheduled_for"], None)
    text = _text_field(problems, "note", "the dose's 'note'", doc["note"], MAX_NOTES, multiline=True)
    if problems:
        return None, name, problems
    return DoseRow(plan=plan, at=at, status=doc["status"], scheduled_for=scheduled, dose=dose, note=text), name, []


@dataclass
class MedicationRows:
    """Collects the record rows of one file (a :class:`painscope.diary.tidy.RecordReader`).

    After :func:`painscope.diary.read_tidy_csv` returns, ``plans`` and ``doses`` hold what
    the file carries; every problem was reported with the file's other problems.
    """

    plans: list[PlanRow] = field(default_factory=list)
    doses: list[DoseRow] = field(default_factory=list)
    _plan_lines: dict[int, int] = field(default_factory=dict)
    _dose_names: list[tuple[int, str]] = field(default_factory=list)  # (line, name) per dose

    def add(self, line: int, fields: list[str], *, now: datetime | None) -> list[tuple[str, str]]:
        if len(self.plans) + len(self.doses) >= MAX_RECORDS:
            return [("row", f"more than {MAX_RECORDS:,} medication rows")]
        if fields[1] == PLAN:
            plan, problems = parse_plan(fields)
            if plan is not None:
                if plan.plan in self._plan_lines:
                    return [("note", f"plan {plan.plan} is already on line {self._plan_lines[plan.plan]}")]
                self._plan_lines[plan.plan] = line
                self.plans.append(plan)
            return problems
        dose, name, problems = parse_dose(fields, now=now)
        if dose is not None:
            self.doses.append(dose)
            self._dose_names.append((line, name))
        return problems

    def finish(self) -> list[RowProblem]:
        names = {p.plan: p.name for p in self.plans}
        problems: list[RowProblem] = []
        for dose, (line, name) in zip(self.doses, self._dose_names, strict=True):
            if dose.plan not in names:
                problems.append(RowProblem(line, "note", f"plan {dose.plan} is not in this file (no medication_plan row with it)"))
            elif names[dose.plan] != name:
                problems.append(RowProblem(line, "name", f"plan {dose.plan} is '{names[dose.plan][:40]}', not '{name[:40]}'"))
            if len(problems) >= MAX_ERRORS_REPORTED:
                break
        return problems

    def __bool__(self) -> bool:
        return bool(self.plans or self.doses)
