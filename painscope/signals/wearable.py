"""One entry point for wearable files: :func:`read_wearable` → :class:`WearableImport`.

Format detection (``format="auto"``) sniffs the content, first match wins:

=============  ==============================================================================
apple          XML whose first 4 KB mention ``<HealthData``, or a zip holding ``export.xml``
fit            bytes 8–11 are ``.FIT``
fitbit         a folder or zip with Fitbit Takeout files, or a CSV whose header is a Fitbit HRV
               layout (``timestamp,rmssd,nremhr`` / ``timestamp,rmssd,coverage`` / ``root
               mean square of successive differences milliseconds``), or a Fitbit
               ``sleep-``/``steps-``/``resting_heart_rate-`` JSON file name
whoop          a CSV header starting ``Cycle start time`` (or a zip holding
               ``physiological_cycles.csv``)
oura           JSON with ``data``/``sleep``/``daily_activity`` lists
polar          first line starts ``Phone timestamp;``
daily-csv      a CSV whose first column is ``date``
elitehrv       file name ``YYYY-MM-DD HH-MM-SS.txt``
rr             numbers one per line, or a NumPy ``.npy`` array (magic ``\x93NUMPY``)
=============  ==============================================================================

Daily rows from beat files: a reading of 50 s to 10 min (Polar Sensor Logger, Elite HRV; the
morning-readiness protocols of HRV.md §3.3) that passes the quality gates of
:mod:`painscope.signals.analysis` gives ``hrv_rmssd_morning`` and ``hrv_lnrmssd_morning`` on its
local date, computed by painscope, when it started 04:00–11:00 local (else ``hrv_rmssd_spot``).
A recording of at least 2 h overlapping 00:00–06:00 local (an overnight strap) gives
``hrv_rmssd_night``: the mean RMSSD of its usable 5-min windows, on the local date it ends
(:func:`_overnight_rows`). Other long recordings, undated plain RR files and FIT activities give
no daily row — the beats are returned in ``rr`` for ``painscope hrv`` — and the import says so in
``warnings``. FIT ``hrv_status_summary`` gives the
watch's ``hrv_rmssd_night``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from painscope.signals.errors import SignalFormatError
from painscope.signals.formats import WEARABLE_FORMATS
from painscope.signals.provenance import parse, tag
from painscope.signals.series import RRSeries
from painscope.signals.tidy import make_row, parse_tz, rows_to_frame

FORMATS = WEARABLE_FORMATS
#: Longest beat recording treated as a (morning) reading.
MAX_READING_S = 600.0
#: Morning window for short readings, local hours [start, end) (see :func:`is_morning`).
MORNING_START_H = 4
MORNING_END_H = 11
#: Long recordings: shortest night, its window length, usable time needed, and the local hour
#: before which a recording must start or through which it must run (:func:`_overnight_rows`).
MIN_NIGHT_S = 2 * 3600.0
NIGHT_WINDOW_S = 300.0
MIN_NIGHT_USABLE_S = 3600.0
#: Longest recording read as one night (a longer one is several sessions or a clock jump).
MAX_NIGHT_S = 24 * 3600.0
NIGHT_END_H = 6

#: The source token written into each row's note (:mod:`painscope.signals.provenance`).
SOURCE_TOKENS = {"fit": "garmin"}

Progress = Callable[[int, int | None], None]


@dataclass
class WearableImport:
    """The result of reading one wearable file.

    Attributes
    ----------
    daily : pandas.DataFrame
        Tidy diary rows ``timestamp, kind, name, value, unit, note`` (kind ``measure``), one row
        per day and measure, sorted; timestamps per :mod:`painscope.signals.tidy`.
    rr : RRSeries or None
        Beat-to-beat intervals when the file has them.
    format : str
        The detected (or given) format.
    warnings : list of str
        What was skipped or assumed, for people.
    counts : dict
        Records, beats and rows read, per kind.
    """

    daily: pd.DataFrame
    rr: RRSeries | None
    format: str
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Counts per measure (days, first and last day, unit) for ``wearable inspect``."""
        measures: dict[str, Any] = {}
        for name, g in self.daily.groupby("name", sort=True):
            measures[str(name)] = {
                "n": len(g),
                "first": str(g["timestamp"].min())[:10],
                "last": str(g["timestamp"].max())[:10],
                "unit": str(g["unit"].iloc[0]),
                "mean": float(g["value"].mean()),
            }
        return {
            "format": self.format,
            "n_rows": len(self.daily),
            "measures": measures,
            "n_beats": 0 if self.rr is None else len(self.rr),
            "warnings": list(self.warnings),
            "counts": dict(self.counts),
        }


def _zip_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
        raise SignalFormatError("corrupt zip file", path=path) from exc


def _is_fitbit_name(name: str) -> bool:
    low = Path(name).name.lower()
    return low.startswith(
        (
            "daily heart rate variability summary",
            "heart rate variability details",
            "heart_rate_variability",
            "sleep-",
            "steps-",
            "resting_heart_rate-",
        )
    )


def sniff(path: str | Path) -> str:
    """Name the format of ``path`` by the table in the module docstring."""
    from painscope.signals.rrfiles import _ELITE_NAME

    p = Path(path)
    if p.is_dir():
        if any(_is_fitbit_name(q.name) for q in p.rglob("*")):
            return "fitbit"
        raise SignalFormatError("folder without recognisable Fitbit Takeout files", path=p)
    if not p.is_file():
        raise SignalFormatError("no such file", path=p)
    with p.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise SignalFormatError("the file is empty", path=p)
    if head[:4] == b"PK\x03\x04":
        names = _zip_names(p)
        if any(n.endswith("export.xml") for n in names):
            return "apple"
        if any(Path(n).name == "physiological_cycles.csv" for n in names):
            return "whoop"
        if any(_is_fitbit_name(n) for n in names):
            return "fitbit"
        raise SignalFormatError(
            "zip file of an unknown export (no export.xml, Fitbit or WHOOP files)", path=p
        )
    if len(head) >= 12 and head[8:12] == b".FIT":
        return "fit"
    if head.startswith(b"\x93NUMPY"):
        return "rr"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        if b"<HealthData" in head:
            return "apple"
        raise SignalFormatError("XML that is not an Apple Health export (no <HealthData>)", path=p)
    first = text.split(b"\n", 1)[0].strip().lower()
    if text.startswith((b"{", b"[")):
        return "fitbit" if _is_fitbit_name(p.name) else "oura"
    if first.startswith(b"phone timestamp;"):
        return "polar"
    if first.startswith(b"cycle start time"):
        return "whoop"
    if first.startswith((b"timestamp,rmssd,nremhr", b"timestamp,rmssd,coverage")) or (
        b"root mean square of successive differences" in first
    ):
        return "fitbit"
    if first.startswith((b"date,", b"day,")):
        return "daily-csv"
    if _ELITE_NAME.match(p.name):
        return "elitehrv"
    return "rr"


def _reading_rows(
    series: RRSeries, tz: tzinfo | None, warnings: list[str], source: str
) -> list[dict]:
    from painscope.signals.analysis import analyse

    if series.start is None:
        warnings.append(
            "plain RR file without a date: no daily row (use `painscope hrv` for its metrics)"
        )
        return []
    if series.duration_s > MAX_READING_S:
        return _overnight_rows(series, tz, warnings, source)
    doc = analyse(series)
    o = doc["overall"]
    if not o["usable"]:
        warnings.append(f"reading not usable ({', '.join(o['flags'])}): no daily HRV row")
        return []
    start = series.start
    if start.tzinfo is None:
        start = start.replace(tzinfo=tz or UTC)
    # Naive starts (Elite HRV names, Polar phone time) are local wall-clock time already;
    # aware ones are shown in the zone asked for, when one was given.
    local = start if series.start.tzinfo is None or tz is None else start.astimezone(tz)
    day = local.date()
    zone = local.tzinfo
    hhmm = f"{local:%H:%M}"
    text = (
        f"painscope RMSSD of a {series.duration_s:.0f}-s reading at {hhmm}, "
        f"{o['n_beats']} NN, {doc['correction']['artifacts_pct']:.1f} % artefacts"
    )
    note = tag(source, text, hhmm)
    if not is_morning(local):
        warnings.append(
            f"reading at {hhmm} is outside the morning window "
            f"({MORNING_START_H:02d}:00–{MORNING_END_H:02d}:00 local): stored as "
            "hrv_rmssd_spot, not as the morning measure"
        )
        return [make_row(day, zone, "hrv_rmssd_spot", round(o["rmssd_ms"], 3), note)]
    return [
        make_row(day, zone, "hrv_rmssd_morning", round(o["rmssd_ms"], 3), note),
        make_row(day, zone, "hrv_lnrmssd_morning", round(o["ln_rmssd"], 5), note),
    ]


def _overnight_rows(
    series: RRSeries, tz: tzinfo | None, warnings: list[str], source: str
) -> list[dict]:
    """``hrv_rmssd_night`` from a long beat recording (a chest strap worn overnight).

    Rule: a recording of at least :data:`MIN_NIGHT_S` (2 h) that overlaps 00:00–06:00 local
    time is a night. It is cut into consecutive 5-min windows (the Task Force 1996 short-term
    length; Oura's and Garmin's nightly HRV are likewise averages of 5-min values); windows that
    fail the quality gates of :mod:`painscope.signals.analysis` (> 5 % artefacts, low coverage)
    are left out, and the night's value is the mean RMSSD of the usable windows. It needs at
    least :data:`MIN_NIGHT_USABLE_S` (1 h) of usable windows and half of all windows usable,
    else no row and a warning. The row is dated by the local date the recording **ends** (the
    morning the night ends, as WHOOP, Oura and Fitbit date nights).
    """
    from painscope.signals.analysis import analyse

    start = series.start
    if start.tzinfo is None:
        start = start.replace(tzinfo=tz or UTC)
    local = start if series.start.tzinfo is None or tz is None else start.astimezone(tz)
    end = local + timedelta(seconds=series.duration_s)
    minutes = series.duration_s / 60
    if series.duration_s > MAX_NIGHT_S:
        warnings.append(
            f"recording of {minutes / 60:.1f} h ({local:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}) "
            "is longer than one night (24 h; a clock jump or several sessions in one file): no "
            "daily HRV row (beats kept for `painscope hrv`)"
        )
        return []
    if series.duration_s < MIN_NIGHT_S or not _overlaps_night(local, end):
        warnings.append(
            f"recording of {minutes:.0f} min ({local:%H:%M}–{end:%H:%M}) is neither a short "
            "morning reading (≤ 10 min) nor a night (≥ 2 h overlapping 00:00–06:00): no daily "
            "HRV row (beats kept for `painscope hrv`)"
        )
        return []
    doc = analyse(series, window_s=NIGHT_WINDOW_S, step_s=NIGHT_WINDOW_S)
    wins = doc["windows"]
    usable = [w for w in wins if w["usable"] and w["rmssd_ms"] is not None]
    if len(usable) * NIGHT_WINDOW_S < MIN_NIGHT_USABLE_S or 2 * len(usable) < len(wins):
        warnings.append(
            f"night recording of {minutes:.0f} min: only {len(usable)} of {len(wins)} 5-min "
            "windows usable (too many artefacts or gaps): no night HRV row"
        )
        return []
    value = float(np.mean([w["rmssd_ms"] for w in usable]))
    text = (
        f"painscope mean RMSSD of {len(usable)} of {len(wins)} usable 5-min windows, "
        f"{local:%H:%M}–{end:%H:%M} ({minutes:.0f} min)"
    )
    if len(usable) < len(wins):
        warnings.append(
            f"night recording: {len(wins) - len(usable)} of {len(wins)} 5-min windows left out "
            "(artefacts or gaps)"
        )
    return [make_row(end.date(), end.tzinfo, "hrv_rmssd_night", round(value, 3), tag(source, text))]


def _overlaps_night(start: datetime, end: datetime) -> bool:
    """Whether [start, end] overlaps 00:00–06:00 local on any day it spans."""
    day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    while day <= end:
        if start < day + timedelta(hours=NIGHT_END_H) and end > day:
            return True
        day += timedelta(days=1)
    return False


def is_morning(local: datetime) -> bool:
    """Whether a reading started in the morning window [04:00, 11:00) local time.

    The morning measure follows the "on waking" protocol of the baseline literature (Plews et
    al. 2014, *Int J Sports Physiol Perform* 9:783; HRV4Training and Elite HRV instructions:
    measure right after waking, before getting up). Waking time is not in the files, so a
    fixed window stands in for it: 04:00 covers early risers, 11:00 late sleepers and
    shift-free weekends. Readings outside it are kept as ``hrv_rmssd_spot``.
    """
    return MORNING_START_H <= local.hour < MORNING_END_H


def read_wearable(
    path: str | Path,
    format: str = "auto",
    progress: Progress | None = None,
    *,
    tz: str | tzinfo | None = None,
) -> WearableImport:
    """Read a wearable export into daily diary rows (and beats when the file has them).

    Parameters
    ----------
    path : str or Path
        File (or, for Fitbit Takeout, a folder or zip).
    format : str
        One of :data:`FORMATS`; ``auto`` sniffs the content (module docstring).
    progress : callable, optional
        ``progress(bytes_read, total_bytes)``, called while streaming large files (Apple) and
        once at the end for the others.
    tz : str or tzinfo, optional
        Time zone for sources whose times carry no UTC offset (Fitbit, Polar, Elite HRV,
        generic daily CSV). Without it they are stamped +00:00 and a warning says so.

    Raises
    ------
    SignalFormatError
        (a ``ValueError``) naming the file, line/record and field; nothing partial is returned.
    """
    p = Path(path)
    zone = parse_tz(tz) if isinstance(tz, str) else tz
    if format not in FORMATS:
        raise SignalFormatError(
            f"unknown format {format!r} (choose from {', '.join(FORMATS)})", path=p
        )
    fmt = sniff(p) if format == "auto" else format
    if fmt != "fitbit" and not p.is_file():
        raise SignalFormatError("no such file", path=p)
    warnings: list[str] = []
    counts: dict[str, int] = {}
    rows: list[dict] = []
    rr: RRSeries | None = None
    naive_source = fmt in ("fitbit", "polar", "elitehrv", "daily-csv")

    if fmt == "apple":
        from painscope.signals.apple import read_apple_health

        res = read_apple_health(p, progress=progress)
        rows, rr, warnings, counts = res.rows, res.rr, res.warnings, res.counts
    elif fmt in ("fitbit", "whoop", "oura", "daily-csv"):
        from painscope.signals import dailies

        reader = {
            "fitbit": dailies.read_fitbit,
            "whoop": dailies.read_whoop,
            "oura": dailies.read_oura,
            "daily-csv": dailies.read_daily_csv,
        }[fmt]
        res = reader(p, zone)
        rows, warnings, counts = res.rows, res.warnings, res.counts
    elif fmt == "fit":
        from painscope.signals.fit import read_fit

        contents = read_fit(p)
        rr = contents.rr
        counts = {
            "hrv_messages": contents.hrv_messages,
            "rr_intervals": 0 if rr is None else len(rr),
        }
        for s in contents.hrv_status:
            ts, v = s.get("timestamp"), s.get("last_night_average")
            if ts is None or v is None:
                continue
            rows.append(
                make_row(
                    ts.date(),
                    ts.tzinfo,
                    "hrv_rmssd_night",
                    float(v),
                    f"Garmin HRV status last-night average (device-reported, {s.get('status')})",
                )
            )
        if rr is not None:
            # FIT files with hrv messages are activities (exercise), never resting readings.
            warnings.append(
                f"FIT activity with {len(rr)} RR intervals: kept for `painscope hrv`, "
                "no daily HRV row (exercise HRV is not a resting measure)"
            )
        elif not rows:
            warnings.append("no hrv messages or HRV status in this FIT file")
    elif fmt in ("polar", "elitehrv", "rr"):
        from painscope.signals.beats import read_beats

        rr, _ = read_beats(p, fmt)
        counts = {"rr_intervals": len(rr)}
        try:
            rows = _reading_rows(rr, zone, warnings, fmt)
        except SignalFormatError:
            raise
        except (ValueError, OverflowError) as exc:  # analyse: < 2 intervals, too many windows
            raise SignalFormatError(str(exc), path=p) from None
    else:  # pragma: no cover - FORMATS is checked above
        raise SignalFormatError(f"unknown format {fmt!r}", path=p)

    if naive_source and zone is None and rows:
        warnings.append(
            "times in this file carry no UTC offset: days stamped +00:00 (pass a time zone)"
        )
    source = SOURCE_TOKENS.get(fmt, fmt)
    for r in rows:
        if parse(r["note"]).source is None:
            r["note"] = tag(source, r["note"])
    frame = rows_to_frame(rows)
    counts = {**counts, "daily_rows": len(frame)}
    if progress is not None and fmt != "apple":
        size = p.stat().st_size if p.is_file() else None
        progress(size or 0, size)
    if rr is not None and not np.any(rr.normal):
        rr = None
    return WearableImport(daily=frame, rr=rr, format=fmt, warnings=warnings, counts=counts)
