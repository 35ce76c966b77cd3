"""Readers for device daily summaries: Fitbit Takeout, WHOOP, Oura, generic daily-metrics CSV.

These sources give *device-reported* nightly values (RMSSD by the vendor's own algorithm), kept
as their own labelled series; painscope computes its own metrics only where there are beats.

Fitbit (Google Takeout, HRV.md §4.5) — a folder, a zip or a single file:

* ``Daily Heart Rate Variability Summary - *.csv`` (``timestamp,rmssd,nremhr,entropy``) →
  ``hrv_rmssd_night`` on the timestamp's date;
* ``Heart Rate Variability Details - *.csv`` (``timestamp,rmssd,coverage,low_frequency,
  high_frequency``, 5-min windows) → for nights missing from the summary, the mean RMSSD of
  windows with ``coverage`` ≥ 0.6, dated by the morning the night ends (windows before noon
  belong to that day, later ones to the next);
* newer layout ``heart_rate_variability_*.csv`` (``timestamp``, ``root mean square of
  successive differences milliseconds``, ...) → ``hrv_rmssd_night``;
* ``sleep-*.json`` (``dateOfSleep``, ``minutesAsleep``) → ``sleep_hours`` of the main sleep
  (``mainSleep: false`` naps are skipped, as Oura's non-``long_sleep`` periods are);
* ``steps-*.json`` (``dateTime`` ``MM/DD/YY HH:MM:SS``, ``value``) → ``steps`` (sum per date);
* ``resting_heart_rate-*.json`` (``value.value``; 0 means "no estimate") → ``resting_hr``.

WHOOP (``physiological_cycles.csv``, HRV.md §4.6): ``Heart rate variability (ms)`` →
``hrv_rmssd_night``, ``Resting heart rate (bpm)`` → ``resting_hr``, ``Asleep duration (min)``
→ ``sleep_hours``; the day is the date of ``Wake onset`` (the morning the night ends; the
cycle start date when absent) in the ``Cycle timezone`` (``UTC+01:00``).

Oura (API v2 JSON, HRV.md §4.4): ``sleep`` documents of type ``long_sleep`` → ``average_hrv``
as ``hrv_rmssd_night``, ``lowest_heart_rate`` as ``resting_hr`` (Oura's displayed resting HR is
the night's lowest), ``total_sleep_duration`` (s) as ``sleep_hours``; ``daily_activity``
documents → ``steps``. Accepts ``{"data": [...]}`` or ``{"sleep": [...], "daily_activity":
[...]}``. The day is Oura's own ``day`` field, the offset that of ``bedtime_end``.

Generic daily CSV: a ``date`` column (``YYYY-MM-DD``) and one column per measure named as in the
diary (``resting_hr``, ``steps``, ``sleep_hours``, ``hrv_rmssd_night``, ``hrv_rmssd_morning``,
``hrv_lnrmssd_morning``, ``hrv_sdnn``); empty cells are skipped, other columns are ignored
with a warning.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import numpy as np

from painscope.signals.errors import SignalFormatError
from painscope.signals.rrfiles import read_text
from painscope.signals.tidy import UNITS, make_row, parse_tz

#: Largest single JSON/CSV member read into memory (daily exports are small per file).
MAX_MEMBER_BYTES = 200 * 1024 * 1024
#: Fitbit 5-min windows with less usable data than this are skipped (coverage is 0–1).
FITBIT_MIN_COVERAGE = 0.6


@dataclass
class DailyResult:
    rows: list[dict]
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


# -- helpers --------------------------------------------------------------------------------


def _members(path: Path) -> Iterator[tuple[str, Any]]:
    """(name, opener) for every file of a folder, a zip, or the single file itself."""
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file():
                yield str(p.relative_to(path)), (lambda p=p: p.read_bytes())
    elif zipfile.is_zipfile(path):
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise SignalFormatError(f"corrupt zip file ({exc})", path=path) from exc
        with archive as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                if info.is_dir():
                    continue
                if info.file_size > MAX_MEMBER_BYTES:
                    raise SignalFormatError(f"member {info.filename} is too large", path=path)
                yield info.filename, (lambda i=info, zf=zf: _read_member(zf, i, path))
    else:
        yield path.name, (lambda: path.read_bytes())


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """One zip member's bytes, or a SignalFormatError for a corrupt, encrypted or odd member."""
    try:
        return zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise SignalFormatError(f"unreadable zip member {info.filename} ({exc})", path=path) from exc


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SignalFormatError(f"not UTF-8 text (byte {exc.start})", path=where) from exc


def _csv_rows(text: str, where: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise SignalFormatError(f"malformed CSV ({exc})", path=where, line=1) from exc
    header = [h.strip() for h in (fieldnames or [])]
    reader.fieldnames = header

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            yield from enumerate(reader, start=2)
        except csv.Error as exc:
            raise SignalFormatError(
                f"malformed CSV ({exc})", path=where, line=reader.line_num
            ) from exc

    return header, rows()


def _num(text: str | None, where: str, line: int, field_name: str) -> float | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        v = float(str(text).strip())
    except ValueError as exc:
        raise SignalFormatError(
            f"expected a number, got {str(text)[:40]!r}", path=where, line=line, field=field_name
        ) from exc
    if not np.isfinite(v):
        raise SignalFormatError(
            f"not a finite number: {text!r}", path=where, line=line, field=field_name
        )
    return v


def _date_of(text: str, where: str, line: int, field_name: str) -> datetime:
    s = str(text).strip()
    try:
        if len(s) >= 8 and s[2] == "/" and s[5] == "/":  # Fitbit "03/01/24 00:00:00"
            return datetime.strptime(s[:8], "%m/%d/%y")
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except (ValueError, IndexError) as exc:
        raise SignalFormatError(
            f"unreadable date {s[:40]!r}", path=where, line=line, field=field_name
        ) from exc


def _check_range(name: str, value: float, where: str, line: int, field_name: str) -> None:
    # Plausible ranges of the diary's measure table (painscope.diary.schema.MEASURES): a value
    # outside is a unit mix-up or a corrupt file, reported instead of imported.
    lo, hi = {
        "hrv_rmssd_night": (1, 2000),
        "hrv_rmssd_morning": (1, 2000),
        "hrv_sdnn": (1, 2000),
        "hrv_lnrmssd_morning": (0, 8),
        "resting_hr": (20, 250),
        "sleep_hours": (0, 24),
        "steps": (0, 200_000),
    }.get(name, (-np.inf, np.inf))
    if not lo <= value <= hi:
        raise SignalFormatError(
            f"{name} {value:g} is outside the plausible range {lo:g}–{hi:g} {UNITS.get(name, '')}",
            path=where,
            line=line,
            field=field_name,
        )


class _Days:
    """Per-(day, name) accumulator that turns into one row per day and measure."""

    def __init__(self) -> None:
        self.values: dict[tuple[date, str], list[float]] = defaultdict(list)
        self.tz: dict[tuple[date, str], tzinfo | None] = {}
        self.note: dict[str, str] = {}

    def add(self, day: date, name: str, value: float, tz: tzinfo | None, note: str) -> None:
        self.values[(day, name)].append(value)
        self.tz.setdefault((day, name), tz)
        self.note.setdefault(name, note)

    def has(self, day: date, name: str) -> bool:
        return (day, name) in self.values

    def rows(self, how: dict[str, str] | None = None) -> list[dict]:
        out = []
        for (day, name), vals in self.values.items():
            agg = (how or {}).get(name, "mean")
            v = float(np.sum(vals)) if agg == "sum" else float(np.mean(vals))
            out.append(make_row(day, self.tz[(day, name)], name, round(v, 4), self.note[name]))
        return out


# -- Fitbit -----------------------------------------------------------------------------------


def read_fitbit(path: str | Path, tz: tzinfo | None = None) -> DailyResult:
    """Fitbit Google Takeout (folder, zip or one file); see the module docstring."""
    p = Path(path)
    days = _Days()
    details: dict[date, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    warnings: list[str] = []
    for name, read in _members(p):
        base = Path(name).name
        where = f"{p}:{name}" if p.is_dir() or zipfile.is_zipfile(p) else str(p)
        low = base.lower()
        if low.startswith("daily heart rate variability summary") and low.endswith(".csv"):
            header, rows = _csv_rows(_decode(read(), where), where)
            for line, row in rows:
                v = _num(row.get("rmssd"), where, line, "rmssd")
                if v is None:
                    continue
                _check_range("hrv_rmssd_night", v, where, line, "rmssd")
                day = _date_of(row.get("timestamp", ""), where, line, "timestamp").date()
                days.add(day, "hrv_rmssd_night", v, tz, "Fitbit nightly RMSSD (device-reported)")
                counts["hrv_summary_rows"] += 1
        elif low.startswith("heart rate variability details") and low.endswith(".csv"):
            header, rows = _csv_rows(_decode(read(), where), where)
            for line, row in rows:
                v = _num(row.get("rmssd"), where, line, "rmssd")
                cov = _num(row.get("coverage"), where, line, "coverage")
                if v is None or (cov is not None and cov < FITBIT_MIN_COVERAGE):
                    continue
                t = _date_of(row.get("timestamp", ""), where, line, "timestamp")
                day = t.date() if t.hour < 12 else t.date() + timedelta(days=1)
                details[day].append(v)
                counts["hrv_detail_rows"] += 1
        elif low.startswith("heart_rate_variability") and low.endswith(".csv"):
            header, rows = _csv_rows(_decode(read(), where), where)
            col = "root mean square of successive differences milliseconds"
            if col not in header:
                raise SignalFormatError(f"missing column {col!r}", path=where, line=1)
            for line, row in rows:
                v = _num(row.get(col), where, line, col)
                if v is None:
                    continue
                _check_range("hrv_rmssd_night", v, where, line, col)
                day = _date_of(row.get("timestamp", ""), where, line, "timestamp").date()
                days.add(day, "hrv_rmssd_night", v, tz, "Fitbit nightly RMSSD (device-reported)")
                counts["hrv_summary_rows"] += 1
        elif low.endswith(".json") and low.startswith(("sleep-", "steps-", "resting_heart_rate-")):
            try:
                doc = json.loads(_decode(read(), where))
            except json.JSONDecodeError as exc:
                raise SignalFormatError(
                    f"invalid JSON ({exc.msg})", path=where, line=exc.lineno
                ) from exc
            except RecursionError:
                raise SignalFormatError("JSON nested too deeply to read", path=where) from None
            if not isinstance(doc, list):
                raise SignalFormatError("expected a JSON list", path=where)
            for i, item in enumerate(doc, start=1):
                if not isinstance(item, dict):
                    raise SignalFormatError("expected an object", path=where, line=i)
                if low.startswith("sleep-"):
                    minutes = _num(item.get("minutesAsleep"), where, i, "minutesAsleep")
                    if minutes is None or item.get("mainSleep") is False:
                        counts["naps_skipped"] += item.get("mainSleep") is False
                        continue
                    day = _date_of(item.get("dateOfSleep", ""), where, i, "dateOfSleep").date()
                    days.add(day, "sleep_hours", minutes / 60.0, tz, "Fitbit minutes asleep")
                    counts["sleep_logs"] += 1
                elif low.startswith("steps-"):
                    v = _num(item.get("value"), where, i, "value")
                    if v is None:
                        continue
                    day = _date_of(item.get("dateTime", ""), where, i, "dateTime").date()
                    days.add(day, "steps", v, tz, "Fitbit steps")
                    counts["step_samples"] += 1
                else:
                    val = item.get("value")
                    v = _num(
                        val.get("value") if isinstance(val, dict) else val, where, i, "value.value"
                    )
                    if v is None or v == 0:  # Fitbit writes 0 when it has no estimate
                        continue
                    _check_range("resting_hr", v, where, i, "value.value")
                    day = _date_of(item.get("dateTime", ""), where, i, "dateTime").date()
                    days.add(day, "resting_hr", v, tz, "Fitbit resting heart rate")
                    counts["resting_hr_days"] += 1
    for day, vals in details.items():
        if not days.has(day, "hrv_rmssd_night"):
            v = float(np.mean(vals))
            _check_range("hrv_rmssd_night", v, str(p), 0, "rmssd")
            days.add(
                day,
                "hrv_rmssd_night",
                v,
                tz,
                f"Fitbit RMSSD, mean of {len(vals)} 5-min windows (device-reported)",
            )
    rows = days.rows({"sleep_hours": "sum", "steps": "sum"})
    for r in rows:
        if r["name"] == "steps":
            r["value"] = float(round(r["value"]))
        _check_range(r["name"], r["value"], str(p), 0, r["name"])
    if not rows:
        warnings.append("no Fitbit HRV, sleep, steps or resting-heart-rate files found")
    return DailyResult(rows=rows, warnings=warnings, counts=dict(counts))


# -- WHOOP ------------------------------------------------------------------------------------

WHOOP_COLUMNS = {
    "Heart rate variability (ms)": (
        "hrv_rmssd_night",
        1.0,
        "WHOOP nightly RMSSD (device-reported)",
    ),
    "Resting heart rate (bpm)": ("resting_hr", 1.0, "WHOOP resting heart rate"),
    "Asleep duration (min)": ("sleep_hours", 1 / 60.0, "WHOOP asleep duration"),
}


def read_whoop(path: str | Path, tz: tzinfo | None = None) -> DailyResult:
    """WHOOP ``physiological_cycles.csv`` (or the export zip holding it)."""
    p = Path(path)
    text = None
    where = str(p)
    for name, read in _members(p):
        if Path(name).name == "physiological_cycles.csv" or not (
            p.is_dir() or zipfile.is_zipfile(p)
        ):
            text = _decode(read(), f"{p}:{name}" if p.is_dir() or zipfile.is_zipfile(p) else str(p))
            where = f"{p}:{name}" if p.is_dir() or zipfile.is_zipfile(p) else str(p)
            break
    if text is None:
        raise SignalFormatError("no physiological_cycles.csv in the WHOOP export", path=p)
    header, rows = _csv_rows(text, where)
    if "Cycle start time" not in header:
        raise SignalFormatError(
            "not a WHOOP physiological_cycles.csv (no 'Cycle start time')", path=where, line=1
        )
    days = _Days()
    n = 0
    for line, row in rows:
        try:
            zone = parse_tz(row.get("Cycle timezone") or None) or tz
        except ValueError as exc:
            raise SignalFormatError(str(exc), path=where, line=line, field="Cycle timezone") from None
        when = row.get("Wake onset") or row.get("Cycle start time") or ""
        if not when.strip():
            continue
        day = _date_of(when, where, line, "Wake onset").date()
        for col, (name, scale, note) in WHOOP_COLUMNS.items():
            v = _num(row.get(col), where, line, col)
            if v is None:
                continue
            v *= scale
            _check_range(name, v, where, line, col)
            days.add(day, name, v, zone, note)
        n += 1
    return DailyResult(rows=days.rows(), counts={"cycles": n})


# -- Oura -------------------------------------------------------------------------------------


def read_oura(path: str | Path, tz: tzinfo | None = None) -> DailyResult:
    """Oura API v2 JSON (``sleep`` and ``daily_activity`` documents)."""
    p = Path(path)
    text = read_text(p)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SignalFormatError(f"invalid JSON ({exc.msg})", path=p, line=exc.lineno) from exc
    except RecursionError:
        raise SignalFormatError("JSON nested too deeply to read", path=p) from None
    items: list[tuple[str, dict]] = []
    if isinstance(doc, dict) and isinstance(doc.get("data"), list):
        items = [("data", d) for d in doc["data"]]
    elif isinstance(doc, dict):
        for key in ("sleep", "daily_activity"):
            if isinstance(doc.get(key), list):
                items += [(key, d) for d in doc[key]]
    if not items:
        raise SignalFormatError("no Oura 'data', 'sleep' or 'daily_activity' list found", path=p)
    days = _Days()
    counts: dict[str, int] = defaultdict(int)
    for i, (_, item) in enumerate(items, start=1):
        if not isinstance(item, dict) or "day" not in item:
            raise SignalFormatError("expected an object with a 'day'", path=p, line=i, field="day")
        day = _date_of(item["day"], str(p), i, "day").date()
        zone = tz
        for key in ("bedtime_end", "timestamp"):
            if isinstance(item.get(key), str):
                t = _date_of(item[key], str(p), i, key)
                if t.tzinfo is not None:
                    zone = t.tzinfo
                    break
        if "average_hrv" in item or "total_sleep_duration" in item:
            if item.get("type", "long_sleep") != "long_sleep":
                counts["naps_skipped"] += 1
                continue
            for key, name, scale, note in (
                ("average_hrv", "hrv_rmssd_night", 1.0, "Oura nightly RMSSD (device-reported)"),
                ("lowest_heart_rate", "resting_hr", 1.0, "Oura lowest night heart rate"),
                ("total_sleep_duration", "sleep_hours", 1 / 3600.0, "Oura total sleep"),
            ):
                v = _num(item.get(key), str(p), i, key)
                if v is not None:
                    v *= scale
                    _check_range(name, v, str(p), i, key)
                    days.add(day, name, v, zone, note)
            counts["sleep_documents"] += 1
        elif "steps" in item:
            v = _num(item.get("steps"), str(p), i, "steps")
            if v is not None:
                _check_range("steps", v, str(p), i, "steps")
                days.add(day, "steps", v, zone, "Oura steps")
                counts["activity_documents"] += 1
    return DailyResult(rows=days.rows({"sleep_hours": "sum"}), counts=dict(counts))


# -- generic daily CSV --------------------------------------------------------------------------


def read_daily_csv(path: str | Path, tz: tzinfo | None = None) -> DailyResult:
    """A ``date`` column plus one column per diary measure (module docstring)."""
    p = Path(path)
    text = read_text(p)
    header, rows = _csv_rows(text, str(p))
    if not header or header[0].lower() not in ("date", "day"):
        raise SignalFormatError("the first column must be 'date' (YYYY-MM-DD)", path=p, line=1)
    known = [h for h in header[1:] if h in UNITS]
    ignored = [h for h in header[1:] if h not in UNITS]
    if not known:
        raise SignalFormatError(
            f"no known measure columns (expected some of: {', '.join(UNITS)})", path=p, line=1
        )
    days = _Days()
    seen: set[date] = set()
    for line, row in rows:
        raw = (row.get(header[0]) or "").strip()
        if not raw:
            continue
        try:
            day = date.fromisoformat(raw)
        except ValueError as exc:
            raise SignalFormatError(
                f"unreadable date {raw[:40]!r} (expected YYYY-MM-DD)",
                path=p,
                line=line,
                field=header[0],
            ) from exc
        if day in seen:
            raise SignalFormatError(f"date {day} appears twice", path=p, line=line, field=header[0])
        seen.add(day)
        for col in known:
            v = _num(row.get(col), str(p), line, col)
            if v is None:
                continue
            _check_range(col, v, str(p), line, col)
            days.add(day, col, v, tz, "daily CSV import")
    warnings = [f"ignored columns: {', '.join(ignored)}"] if ignored else []
    return DailyResult(rows=days.rows(), warnings=warnings, counts={"days": len(seen)})
