"""Daily measures as diary rows (the tidy shape ``timestamp,kind,name,value,unit,note``).

Timestamps are deterministic so that importing the same file twice yields identical rows
(the web layer de-duplicates on ``(timestamp, kind, name)``): every daily measure is stamped
**00:00 local time of its day, with the source's UTC offset** (e.g.
``2024-03-01T00:00:00+01:00``). Sources without an offset (Fitbit, Polar Sensor Logger, Elite
HRV, generic daily CSV) use the ``tz`` given to :func:`painscope.signals.wearable.read_wearable`
(an IANA zone such as ``Europe/Berlin``, or a fixed offset ``+01:00``); without one they are
stamped ``+00:00`` and the import carries a warning saying so.

Names and units follow the diary's measure table (``painscope.diary.schema.MEASURES``):
``hrv_rmssd_night`` (ms, device nightly RMSSD), ``hrv_rmssd_morning`` (ms) and
``hrv_lnrmssd_morning`` (ln(ms)) from painscope's own metrics on a short reading started
04:00–11:00 local, ``hrv_rmssd_spot`` (ms) for a short reading at any other time,
``hrv_sdnn`` (ms, Apple Watch only — never mixed with RMSSD), ``resting_hr`` (bpm),
``sleep_hours`` (h), ``steps`` (steps).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

COLUMNS = ("timestamp", "kind", "name", "value", "unit", "note")

UNITS = {
    "hrv_rmssd_night": "ms",
    "hrv_rmssd_morning": "ms",
    "hrv_lnrmssd_morning": "ln(ms)",
    "hrv_rmssd_spot": "ms",
    "hrv_sdnn": "ms",
    "resting_hr": "bpm",
    "sleep_hours": "h",
    "steps": "steps",
}

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$")


def parse_tz(text: str | None) -> tzinfo | None:
    """An IANA zone name (``Europe/Berlin``), ``UTC`` or a fixed offset (``+01:00``, ``UTC-05:00``)."""
    if text is None or text == "":
        return None
    s = text.strip()
    if s.upper() in ("UTC", "Z", "GMT"):
        return UTC
    m = _OFFSET.match(s)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    try:
        return ZoneInfo(s)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {text!r} (use e.g. Europe/Berlin or +01:00)") from exc


def day_stamp(day: date, tz: tzinfo | None) -> str:
    """``YYYY-MM-DDT00:00:00±HH:MM`` for a local day in ``tz`` (UTC when None)."""
    local = datetime(day.year, day.month, day.day, tzinfo=tz or UTC)
    return local.isoformat(timespec="seconds")


def make_row(day: date, tz: tzinfo | None, name: str, value: float, note: str = "") -> dict:
    return {
        "timestamp": day_stamp(day, tz),
        "kind": "measure",
        "name": name,
        "value": float(value),
        "unit": UNITS.get(name, ""),
        "note": note,
    }


def rows_to_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Rows → the tidy frame, sorted by timestamp then name, one row per (timestamp, name)."""
    frame = pd.DataFrame(list(rows), columns=list(COLUMNS))
    if frame.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="float64" if c == "value" else "object") for c in COLUMNS}
        )
    frame["value"] = frame["value"].astype(float)
    dup = frame.duplicated(subset=["timestamp", "kind", "name"], keep=False)
    if dup.any():  # pragma: no cover - parsers aggregate per day; this guards the contract
        raise ValueError("internal error: two daily rows for the same day and measure")
    return frame.sort_values(["timestamp", "name"], kind="stable").reset_index(drop=True)
