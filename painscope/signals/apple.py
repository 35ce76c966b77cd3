"""Apple Health ``export.xml`` (or the ``export.zip`` holding it), streamed in bounded memory.

Safety: the file is untrusted XML. It is parsed with ``defusedxml`` (``forbid_entities=True``,
``forbid_external=True``): any entity declaration — the "billion laughs" expansion bomb or an
external entity pointing at a local file or URL — and any external DTD reference (``<!DOCTYPE
HealthData SYSTEM "...">``) are rejected with
:class:`~painscope.signals.errors.UnsafeXMLError` before anything is expanded. Apple's own
internal DTD declares only elements and attributes, so real exports pass.

Memory: ``iterparse`` with start/end events; every top-level element (``Record``, ``Workout``,
``ActivitySummary``, ...) is processed at its end event — after its children such as
``InstantaneousBeatsPerMinute`` — and then cleared from the root, so the tree never holds more
than one record. What is kept grows with the number of *days* (and of sleep intervals), not with
the file size. Beat series are kept up to :data:`MAX_BEATS` beats.

What is read (HRV.md §4.1):

* ``HKQuantityTypeIdentifierHeartRateVariabilitySDNN`` (ms; the Watch's ~1-min PPG SDNN) →
  ``hrv_sdnn``, mean of the day's readings, labelled device SDNN (never RMSSD);
* its ``InstantaneousBeatsPerMinute`` children → beat times (a locale time of day such as
  ``6:14:48.94 PM`` or ``17:07:00,29`` anchored to the record's ``startDate``, rolling over
  midnight) → the optional RR series (PPG, 10-ms resolution; research use only);
* ``HKQuantityTypeIdentifierRestingHeartRate`` → ``resting_hr`` (mean per day);
* ``HKCategoryTypeIdentifierSleepAnalysis`` asleep values (``Asleep``, ``AsleepUnspecified``,
  ``AsleepCore``, ``AsleepDeep``, ``AsleepREM``) → ``sleep_hours`` on the day the sleep ends,
  as the length of the *union* of intervals across sources (Watch and phone overlap);
  ``InBed`` and ``Awake`` are not sleep;
* ``HKQuantityTypeIdentifierStepCount`` → ``steps``: per day, the total of the source with the
  most steps (iPhone and Watch count the same steps; summing them double-counts);
* ``HKDataTypeSleepDurationGoal`` is a setting, not a measurement, and is ignored.

Days are the local dates of the records' own timestamps (``2024-05-04 03:10:00 +0200``), and
each day's rows are stamped 00:00 with that day's offset.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

import numpy as np

from painscope.signals.errors import SignalFormatError, UnsafeXMLError
from painscope.signals.series import RRSeries
from painscope.signals.tidy import make_row

HRV = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
RESTING = "HKQuantityTypeIdentifierRestingHeartRate"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STEPS = "HKQuantityTypeIdentifierStepCount"
ASLEEP = frozenset(
    "HKCategoryValueSleepAnalysis" + s
    for s in ("Asleep", "AsleepUnspecified", "AsleepCore", "AsleepDeep", "AsleepREM")
)
#: Beats kept for the optional RR series (2 × 8 bytes each → 32 MB at most).
MAX_BEATS = 2_000_000
_CHUNK = 1 << 20

_TIME = re.compile(
    r"^\s*(\d{1,2})[:.](\d{2})[:.](\d{2})(?:[.,](\d+))?\s*([AaPp])?\.?\s*[Mm]?\.?\s*$"
)


_EXTERNAL_DTD = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+\s+(SYSTEM|PUBLIC)\b")


class _Prefixed:
    """Re-attach bytes already read (the sniffed head) in front of a stream."""

    def __init__(self, head: bytes, raw: IO[bytes]) -> None:
        self.head, self.raw = head, raw

    def read(self, n: int = -1) -> bytes:
        if self.head:
            out, self.head = self.head, b""
            return out
        return self.raw.read(n)


class _Counting:
    """File wrapper that reports bytes read to a progress callback."""

    def __init__(self, raw: IO[bytes], total: int | None, progress: Callable | None) -> None:
        self.raw, self.total, self.progress, self.done, self._next = raw, total, progress, 0, 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n if n and n > 0 else _CHUNK)
        self.done += len(data)
        if self.progress is not None and (self.done >= self._next or not data):
            self.progress(self.done, self.total)
            self._next = self.done + 4 * _CHUNK
        return data


def _parse_apple_time(
    text: str | None, path: Path, record: int, field: str
) -> tuple[datetime, timezone]:
    """``2024-05-04 03:10:00 +0200`` → (aware datetime, its fixed offset)."""
    if not text:
        raise SignalFormatError("missing date", path=path, record=record, field=field)
    try:
        local = datetime.fromisoformat(text[:19])
        sign = 1 if text[20] == "+" else -1 if text[20] == "-" else None
        if sign is None or len(text) < 25:
            raise ValueError(text)
        tz = timezone(sign * timedelta(hours=int(text[21:23]), minutes=int(text[23:25])))
    except (ValueError, IndexError) as exc:
        raise SignalFormatError(
            f"unreadable date {text[:40]!r} (expected e.g. 2024-05-04 03:10:00 +0200)",
            path=path,
            record=record,
            field=field,
        ) from exc
    return local.replace(tzinfo=tz), tz


def parse_beat_time(text: str, anchor: datetime) -> datetime:
    """Anchor a locale time of day (``6:14:48.94 PM``, ``17:07:00,29``) to the record start.

    The beat is placed on the start's date; a time more than 12 h before the start belongs to
    the next day (a reading that crosses midnight).
    """
    m = _TIME.match(text)
    if not m:
        raise ValueError(f"unreadable beat time {text!r}")
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3))
    frac = float("0." + m.group(4)) if m.group(4) else 0.0
    ampm = (m.group(5) or "").upper()
    if ampm == "P" and h < 12:
        h += 12
    elif ampm == "A" and h == 12:
        h = 0
    if h > 23 or mi > 59 or s > 60:
        raise ValueError(f"impossible beat time {text!r}")
    t = anchor.replace(hour=h, minute=mi, second=s, microsecond=round(frac * 1e6) % 1_000_000)
    if t < anchor - timedelta(hours=12):
        t += timedelta(days=1)
    elif t > anchor + timedelta(hours=12):
        t -= timedelta(days=1)
    return t


@dataclass
class AppleResult:
    rows: list[dict]
    rr: RRSeries | None
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _open(path: Path) -> tuple[IO[bytes], int | None, str]:
    if zipfile.is_zipfile(path):
        zf = zipfile.ZipFile(path)
        names = [n for n in zf.namelist() if n.endswith("export.xml") and "cda" not in n]
        if not names:
            raise SignalFormatError("zip file without an Apple Health export.xml", path=path)
        info = zf.getinfo(names[0])
        return zf.open(info), info.file_size, f"{path.name}:{names[0]}"
    return path.open("rb"), path.stat().st_size, path.name


def _union_hours(intervals: list[tuple[datetime, datetime]]) -> float:
    total = timedelta(0)
    cur_s = cur_e = None
    for s, e in sorted(intervals):
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        elif e > cur_e:
            cur_e = e
    if cur_e is not None:
        total += cur_e - cur_s
    return total.total_seconds() / 3600.0


def read_apple_health(
    path: str | Path, progress: Callable[[int, int | None], None] | None = None
) -> AppleResult:
    """Stream an Apple Health export into daily rows (see the module docstring)."""
    import defusedxml
    from defusedxml.ElementTree import iterparse

    p = Path(path)
    if not p.is_file():
        raise SignalFormatError("no such file", path=p)
    if p.stat().st_size == 0:
        raise SignalFormatError("the file is empty", path=p)
    raw, total, label = _open(p)
    head = raw.read(8192)
    if _EXTERNAL_DTD.search(head):
        raw.close()
        # expat would not fetch it, but a real Apple export never has one: refuse outright.
        raise UnsafeXMLError("XML with an external DTD reference is refused", path=p)
    stream = _Counting(_Prefixed(head, raw), total, progress)

    sdnn: dict[date, list[float]] = defaultdict(list)
    resting: dict[date, list[float]] = defaultdict(list)
    steps: dict[date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    sleep: dict[date, list[tuple[datetime, datetime]]] = defaultdict(list)
    day_tz: dict[date, timezone] = {}
    beat_rr = array("d")
    beat_t = array("d")
    beat_gap = array("b")
    t0: datetime | None = None
    counts = {"records": 0, "hrv_records": 0, "beats": 0, "ignored_records": 0}
    warnings: list[str] = []
    record = 0
    depth = 0
    root: Any = None
    saw_health = False

    def num(el: Any, name: str) -> float:
        v = el.get(name)
        try:
            x = float(v)
        except (TypeError, ValueError) as exc:
            raise SignalFormatError(
                f"expected a number, got {str(v)[:40]!r}", path=p, record=record, field=name
            ) from exc
        if not np.isfinite(x):
            raise SignalFormatError(f"not a finite number: {v!r}", path=p, record=record, field=name)
        return x

    try:
        for event, el in iterparse(stream, events=("start", "end"), forbid_dtd=False):
            if event == "start":
                depth += 1
                if depth == 1:
                    root = el
                    if el.tag != "HealthData":
                        raise SignalFormatError(
                            f"not an Apple Health export (root element <{el.tag}>)", path=p
                        )
                    saw_health = True
                continue
            depth -= 1
            if depth != 1:
                continue
            if el.tag == "Record":
                record += 1
                counts["records"] += 1
                kind = el.get("type")
                if kind == HRV:
                    start, tz = _parse_apple_time(el.get("startDate"), p, record, "startDate")
                    value = num(el, "value")
                    day = start.date()
                    sdnn[day].append(value)
                    day_tz.setdefault(day, tz)
                    counts["hrv_records"] += 1
                    beats = []
                    for b in el.iter("InstantaneousBeatsPerMinute"):
                        try:
                            beats.append(parse_beat_time(b.get("time", ""), start))
                        except ValueError as exc:
                            raise SignalFormatError(
                                str(exc),
                                path=p,
                                record=record,
                                field="InstantaneousBeatsPerMinute.time",
                            ) from exc
                    if len(beats) >= 2 and len(beat_rr) + len(beats) <= MAX_BEATS:
                        if t0 is None:
                            t0 = beats[0]
                        secs = np.array([(b - t0).total_seconds() for b in beats])
                        rr = np.diff(secs) * 1000.0
                        beat_rr.extend(rr)
                        beat_t.extend(secs[1:])
                        beat_gap.extend([1] + [0] * (rr.size - 1))
                        counts["beats"] += len(beats)
                    elif len(beats) >= 2 and "beats" not in " ".join(warnings):
                        warnings.append(f"more than {MAX_BEATS} beats: later beat lists not kept")
                elif kind == RESTING:
                    start, tz = _parse_apple_time(el.get("startDate"), p, record, "startDate")
                    resting[start.date()].append(num(el, "value"))
                    day_tz.setdefault(start.date(), tz)
                elif kind == STEPS:
                    start, tz = _parse_apple_time(el.get("startDate"), p, record, "startDate")
                    steps[start.date()][el.get("sourceName", "")] += num(el, "value")
                    day_tz.setdefault(start.date(), tz)
                elif kind == SLEEP:
                    if el.get("value") in ASLEEP:
                        start, _ = _parse_apple_time(el.get("startDate"), p, record, "startDate")
                        end, tz = _parse_apple_time(el.get("endDate"), p, record, "endDate")
                        if end < start:
                            raise SignalFormatError(
                                "sleep ends before it starts", path=p, record=record, field="endDate"
                            )
                        sleep[end.date()].append((start, end))
                        day_tz.setdefault(end.date(), tz)
                else:
                    counts["ignored_records"] += 1
            el.clear()
            if root is not None:
                root.clear()
    except (
        defusedxml.EntitiesForbidden,
        defusedxml.ExternalReferenceForbidden,
        defusedxml.DTDForbidden,
    ) as exc:
        raise UnsafeXMLError(
            f"XML with entity declarations or external references is refused ({type(exc).__name__})",
            path=p,
        ) from exc
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise SignalFormatError(f"malformed or truncated XML ({exc})", path=p, line=line) from exc
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise SignalFormatError(f"unreadable file ({exc})", path=p) from exc
    finally:
        raw.close()
    if not saw_health:
        raise SignalFormatError("no XML content", path=p)

    rows: list[dict] = []
    for day, values in sdnn.items():
        rows.append(
            make_row(
                day,
                day_tz[day],
                "hrv_sdnn",
                float(np.mean(values)),
                f"Apple Watch SDNN (device-reported, ~1-min PPG), mean of {len(values)}",
            )
        )
    for day, values in resting.items():
        rows.append(
            make_row(
                day,
                day_tz[day],
                "resting_hr",
                float(np.mean(values)),
                "Apple Health resting heart rate",
            )
        )
    for day, by_source in steps.items():
        source, total_steps = max(by_source.items(), key=lambda kv: (kv[1], kv[0]))
        rows.append(
            make_row(
                day,
                day_tz[day],
                "steps",
                round(total_steps),
                f"Apple Health steps ({source or 'unknown source'})",
            )
        )
    for day, intervals in sleep.items():
        rows.append(
            make_row(
                day,
                day_tz[day],
                "sleep_hours",
                round(_union_hours(intervals), 4),
                "Apple Health asleep time (night ending this day)",
            )
        )

    rr = None
    if len(beat_rr):
        rr_arr = np.frombuffer(beat_rr, dtype=float).copy()
        contiguous = np.frombuffer(beat_gap, dtype=np.int8) == 0
        rr = RRSeries(
            rr_ms=rr_arr,
            t_s=np.frombuffer(beat_t, dtype=float).copy(),
            normal=np.ones(rr_arr.size, dtype=bool),
            contiguous=contiguous,
            start=t0,
            source=f"apple-ppg:{label}",
        )
        warnings.append(
            "Apple beat lists are PPG instantaneous rates with 10-ms timing: research use only, "
            "no daily RMSSD is derived from them"
        )
    return AppleResult(rows=rows, rr=rr, warnings=warnings, counts=counts)
