"""Imports from other tracking apps, shown as a mapping and a preview before anything is stored.

Each importer reads the app's documented export into painscope's canonical diary frame
(through :func:`painscope.diary.tidy.validate_frame`, the same validation as every other
import) and returns an :class:`AppImport`: the frame, the mapping table it used (their
category and name → painscope's kind, name and scale) and the count of rows per kind, plus
what was left out and why. The web page and ``painscope import --from APP FILE --preview``
show that before the person confirms.

Formats:

* **Flaredown** — its public data export (the columns ``user_id, age, sex, country,
  checkin_date, trackable_id, trackable_type, trackable_name, trackable_value``; one row per
  tracked item per check-in day). Conditions and symptoms are rated 0-4 in the app; known
  names map to painscope's 0-10 ratings (x 2.5; mood and sleep quality inverted, since in
  painscope a higher mood or sleep quality is better), other names become factors with the
  app's own 0-4 value and unit ``flaredown 0-4``. Treatments become medications (the dose
  parsed from ``trackable_value`` such as ``20.0 mg``), tags factors, foods foods, numeric
  weather fields measures; the weather icon and Harvey-Bradshaw index rows are left out,
  and counted. **No real Flaredown export was available to test against**: the fixture in
  the tests was written from the column list above.

Bearable, Manage My Pain and MySymptoms are not supported yet: painscope found no published
description of their export columns to build from (see docs/data-formats.md).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd

from painscope.diary.tidy import (
    DiaryError,
    Observation,
    RowProblem,
    frame_from_records,
    validate_frame,
)

MAX_BYTES = 50_000_000
MAX_ROWS = 2_000_000
SUPPORTED = ("flaredown",)
NOT_YET = {
    "bearable": "Bearable",
    "managemypain": "Manage My Pain",
    "mysymptoms": "MySymptoms",
}

FLAREDOWN_COLUMNS = ("user_id", "age", "sex", "country", "checkin_date", "trackable_id", "trackable_type",
                     "trackable_name", "trackable_value")
#: Flaredown condition/symptom names (lower case) that are painscope ratings: (rating, inverted)
FLAREDOWN_RATINGS: dict[str, tuple[str, bool]] = {
    "pain": ("pain", False), "chronic pain": ("pain", False), "fibromyalgia": ("pain", False),
    "back pain": ("pain", False), "lower back pain": ("pain", False), "joint pain": ("pain", False),
    "muscle pain": ("pain", False), "widespread pain": ("pain", False), "body aches": ("pain", False),
    "fatigue": ("fatigue", False), "tiredness": ("fatigue", False), "exhaustion": ("fatigue", False),
    "chronic fatigue syndrome": ("fatigue", False),
    "brain fog": ("brain_fog", False), "cognitive dysfunction": ("brain_fog", False),
    "stress": ("stress", False), "anxiety": ("stress", False),
    "depression": ("mood", True), "low mood": ("mood", True),
    "insomnia": ("sleep_quality", True), "poor sleep": ("sleep_quality", True),
}
FLAREDOWN_WEATHER = {"temperature_min": ("weather_temperature_min", "°C"), "temperature_max": ("weather_temperature_max", "°C"),
                     "precip_intensity": ("weather_precipitation", "mm/h"), "pressure": ("weather_pressure", "hPa"),
                     "humidity": ("weather_humidity", "%")}
#: the app's 0-4 severity to painscope's 0-10 scale
FLAREDOWN_SCALE = 2.5


@dataclass
class MappingRow:
    source: str        # e.g. "Symptom: fatigue (0-4)"
    kind: str
    name: str
    scale: str
    rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "kind": self.kind, "name": self.name, "scale": self.scale, "rows": self.rows}


@dataclass
class AppImport:
    app: str
    frame: pd.DataFrame
    mapping: list[MappingRow] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    days: int = 0

    def counts(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in Counter(self.frame["kind"]).items()} if len(self.frame) else {}

    def to_dict(self) -> dict[str, Any]:
        first = self.frame["utc"].min() if len(self.frame) else None
        last = self.frame["utc"].max() if len(self.frame) else None
        return {"app": self.app, "rows": len(self.frame), "days": self.days, "rows_per_kind": self.counts(),
                "mapping": [m.to_dict() for m in self.mapping], "skipped": self.skipped,
                "first": first.isoformat() if first is not None else None,
                "last": last.isoformat() if last is not None else None,
                "note": ("Written from the app's documented export columns; no real export was available to test "
                         "against. Check the preview before storing.")}


def _text(data: bytes | str) -> str:
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise DiaryError(f"the file is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DiaryError(f"the file is not UTF-8 text (byte {exc.start})") from None
    if len(data) > MAX_BYTES:
        raise DiaryError(f"the file is too large; the limit is {MAX_BYTES / 1e6:.0f} MB")
    return data


_DOSE = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([A-Za-zµμ%/]{0,12})\s*$")


def _dose(text: str) -> tuple[float, str] | None:
    m = _DOSE.match(text or "")
    if not m:
        return None
    return float(m.group(1).replace(",", ".")), m.group(2)


def read_flaredown(data: bytes | str, *, user_id: str | None = None, offset_minutes: int = 0,
                   hour: int = 20, now: datetime | None = None) -> AppImport:
    """Read a Flaredown export (one person's, or ``user_id``'s rows of a many-person file).

    Each check-in day becomes one entry at ``hour`` local time with the given UTC offset.
    Raises :class:`DiaryError` naming the line and column of the first problems.
    """
    reader = csv.reader(io.StringIO(_text(data)))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise DiaryError("the file is empty") from None
    except csv.Error as exc:
        raise DiaryError(f"line 1: not CSV ({exc})") from None
    missing = [c for c in FLAREDOWN_COLUMNS if c not in header]
    if missing:
        raise DiaryError([RowProblem(1, "header", f"missing Flaredown column(s): {', '.join(missing)}; "
                                     f"expected {', '.join(FLAREDOWN_COLUMNS)}")])
    col = {c: header.index(c) for c in FLAREDOWN_COLUMNS}
    problems: list[RowProblem] = []
    users: set[str] = set()
    mapping: dict[tuple[str, str, str], MappingRow] = {}
    skipped: Counter[str] = Counter()
    days: dict[date, dict[tuple[str, str], Observation]] = {}
    line = 1
    try:
        for line, row in enumerate(reader, start=2):
            if line > MAX_ROWS + 1:
                raise DiaryError(f"more than {MAX_ROWS:,} rows; split the file")
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                problems.append(RowProblem(line, "row", f"{len(row)} columns, expected {len(header)}"))
                continue
            uid = row[col["user_id"]].strip()
            if user_id is not None and uid != user_id:
                continue
            users.add(uid)
            try:
                day = date.fromisoformat(row[col["checkin_date"]].strip()[:10])
            except ValueError:
                problems.append(RowProblem(line, "checkin_date", f"not a date (YYYY-MM-DD): {row[col['checkin_date']][:30]!r}"))
                continue
            typ = row[col["trackable_type"]].strip()
            name = row[col["trackable_name"]].strip()
            raw = row[col["trackable_value"]].strip()
            if not name:
                problems.append(RowProblem(line, "trackable_name", "empty"))
                continue
            obs, source, scale = _flaredown_observation(typ, name, raw, line, problems, skipped)
            if obs is None:
                continue
            key = (source, obs.kind, obs.name)
            m = mapping.setdefault(key, MappingRow(source, obs.kind, obs.name, scale))
            m.rows += 1
            slot = days.setdefault(day, {})
            prev = slot.get((obs.kind, obs.name))
            # two app items mapped to one painscope rating on one day (fibromyalgia and back pain):
            # keep the worse, which is what a single daily rating of it would say
            if prev is None or (obs.value or 0) > (prev.value or 0):
                slot[(obs.kind, obs.name)] = obs
            if len(problems) >= 20:
                break
    except csv.Error as exc:
        problems.append(RowProblem(line, "row", f"not valid CSV ({exc})"))
    if problems:
        raise DiaryError(problems)
    if user_id is None and len(users) > 1:
        raise DiaryError(f"the file holds {len(users)} people's check-ins (user_id column); choose one with --app-user "
                         f"(e.g. {sorted(users)[0]})")
    records = []
    for day, items in sorted(days.items()):
        local = datetime(day.year, day.month, day.day, hour)
        utc = (local - timedelta(minutes=offset_minutes)).replace(tzinfo=UTC)
        records.extend((utc, offset_minutes, o) for o in items.values())
    frame = validate_frame(frame_from_records(records), now=now)
    return AppImport("flaredown", frame, sorted(mapping.values(), key=lambda m: (m.kind, m.name, m.source)),
                     dict(skipped), len(days))


def _flaredown_observation(typ: str, name: str, raw: str, line: int, problems: list[RowProblem],
                           skipped: Counter[str]) -> tuple[Observation | None, str, str]:
    low = name.lower()
    t = typ.lower()
    if t in ("condition", "symptom"):
        if raw == "":
            skipped[f"{typ} without a value"] += 1
            return None, "", ""
        try:
            v = float(raw)
        except ValueError:
            problems.append(RowProblem(line, "trackable_value", f"{typ} severity must be 0-4 (got {raw[:20]!r})"))
            return None, "", ""
        if not 0 <= v <= 4:
            problems.append(RowProblem(line, "trackable_value", f"{typ} severity must be 0-4 (got {v:g})"))
            return None, "", ""
        if low in FLAREDOWN_RATINGS:
            rating, inverted = FLAREDOWN_RATINGS[low]
            value = 10 - FLAREDOWN_SCALE * v if inverted else FLAREDOWN_SCALE * v
            scale = "0-4 → 0-10, inverted (4 = worst → 0)" if inverted else "0-4 → 0-10 (× 2.5)"
            return Observation("rating", rating, value), f"{typ}: {name}", scale
        return Observation("factor", f"symptom:{low}"[:80], v, "flaredown 0-4"), f"{typ}: {name}", "kept as 0-4"
    if t == "treatment":
        dose = _dose(raw)
        if dose is None:
            return Observation("medication", name[:80], 1.0, "dose"), "Treatment", "taken (no dose given)"
        return Observation("medication", name[:80], dose[0], dose[1][:20]), "Treatment", "dose as given"
    if t == "tag":
        return Observation("factor", low[:80], 1.0), "Tag", "1 = yes"
    if t == "food":
        return Observation("food", low[:80], 1.0), "Food", "1 = eaten"
    if t == "weather":
        if low in FLAREDOWN_WEATHER and raw:
            try:
                v = float(raw)
            except ValueError:
                skipped["weather value that is not a number"] += 1
                return None, "", ""
            mname, unit = FLAREDOWN_WEATHER[low]
            return Observation("measure", mname, v, unit), f"Weather: {name}", unit
        skipped[f"weather field '{name}'"] += 1
        return None, "", ""
    if t == "hbi":
        skipped["Harvey-Bradshaw index items (Crohn's disease score)"] += 1
        return None, "", ""
    skipped[f"unknown trackable_type '{typ[:30]}'"] += 1
    return None, "", ""


def read_app_export(app: str, data: bytes | str, **kw: Any) -> AppImport:
    """Dispatch to the app's reader; a clear error for apps not supported yet."""
    key = app.lower().replace(" ", "").replace("-", "").replace("_", "")
    if key == "flaredown":
        return read_flaredown(data, **kw)
    if key in NOT_YET:
        raise DiaryError(f"{NOT_YET[key]} exports are not supported yet: painscope has no published description "
                         "of that app's export columns to build a reliable import from. Export a CSV from the app "
                         "and reshape it to painscope's tidy format (docs/data-formats.md) instead.")
    raise DiaryError(f"unknown app '{app}'; supported: {', '.join(SUPPORTED)}")
