"""Apple Health ``export.xml`` (or the ``export.zip`` holding it), streamed in bounded memory.

Safety: the file is untrusted XML. It is parsed with ``defusedxml`` (``forbid_entities=True``,
``forbid_external=True``): any entity declaration — the "billion laughs" expansion bomb or an
external entity pointing at a local file or URL — and any external DTD reference (``<!DOCTYPE
HealthData SYSTEM "...">``) are rejected with
:class:`~painscope.signals.errors.UnsafeXMLError` before anything is expanded. Apple's own
internal DTD declares only elements and attributes, so real exports pass.

Memory: the file is fed to defusedxml's parser 64 KiB at a time with a target that builds no
tree: every top-level element (``Record``, ``Workout``, ``ActivitySummary``, ...) is processed
at its end — after its children such as ``InstantaneousBeatsPerMinute`` — from its attributes
(and, for HRV records, its beat times); text between tags is counted, never kept. What is kept
grows with the number of *days* (and of sleep intervals), not with the file size. Beat series
are kept up to :data:`MAX_BEATS` beats.

Caps (each a :class:`~painscope.signals.errors.SignalFormatError` naming the limit; values
below the constants): at most :data:`MAX_UNPACKED_BYTES` (4 GiB) of XML, and a zip member at
most :data:`MAX_COMPRESSION_RATIO` (200) times its compressed size past 64 MiB; at most
:data:`MAX_TEXT_CHARS` (1 Mi characters) of text between two tags; at most
:data:`MAX_TOKEN_BYTES` (1 MiB) for one tag, attribute, comment or declaration; one top-level
element at most :data:`MAX_RECORD_BYTES` (8 MiB) with at most :data:`MAX_RECORD_CHILDREN`
children and :data:`MAX_DEPTH` levels; at most :data:`MAX_DAYS` days, :data:`MAX_SOURCES_PER_DAY`
step sources per day and :data:`MAX_SLEEP_INTERVALS` / 2 separate sleep intervals per night.
So the parser's memory is bounded by a few MiB whatever the input (measured in
``tests/signals/test_apple_memory_bombs.py``).

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
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO
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
#: What reading a damaged or unusual zip member (or file) can raise; RuntimeError is an
#: encrypted member, NotImplementedError an unknown compression method.
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError)
#: Bytes handed to the parser at a time.
_FEED = 1 << 16

# Caps on untrusted input (issue 14: a 1.5 MB zip of ``<HealthData>`` + 1.5 GiB of spaces, or
# one 180 MB record, took the server to 2 GB). Each is far above what a real export holds and
# each raises SignalFormatError naming the limit.
#: XML read after unzipping. Heavy users' exports reach 1–3 GB after years of Watch data.
MAX_UNPACKED_BYTES = 4 << 30
#: A zip member may unpack to at most this many times its compressed size once it is past
#: :data:`MIN_RATIO_CHECK_BYTES` (real exports compress 10–30×; a run of spaces ~1000×).
MAX_COMPRESSION_RATIO = 200
MIN_RATIO_CHECK_BYTES = 64 << 20
#: Text between two tags (real exports: a newline and indentation; data is in attributes).
MAX_TEXT_CHARS = 1 << 20
#: One tag, attribute value, comment or declaration still being read by the parser.
MAX_TOKEN_BYTES = 1 << 20
#: One top-level element (``Record``, ``Workout``, ...) with its children: bytes and count.
#: A real HRV record with its beat list is ~10 KB; a long workout's statistics a few KB.
MAX_RECORD_BYTES = 8 << 20
MAX_RECORD_CHILDREN = 100_000
#: Nesting depth (real exports: 4).
MAX_DEPTH = 32
#: Distinct days with a measure (about 136 years), step sources per day and separate sleep
#: intervals per night: what is kept grows with these, not with the file.
MAX_DAYS = 50_000
MAX_SOURCES_PER_DAY = 100
MAX_SLEEP_INTERVALS = 20_000

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


def _open(path: Path) -> tuple[IO[bytes], int | None, str, int | None]:
    """(stream, size to show progress against, label, compressed size for zips)."""
    if zipfile.is_zipfile(path):
        try:
            zf = zipfile.ZipFile(path)
            names = [n for n in zf.namelist() if n.endswith("export.xml") and "cda" not in n]
            if not names:
                raise SignalFormatError("zip file without an Apple Health export.xml", path=path)
            info = zf.getinfo(names[0])
            return zf.open(info), info.file_size, f"{path.name}:{names[0]}", info.compress_size
        except _READ_ERRORS as exc:
            raise SignalFormatError(f"unreadable zip file ({exc})", path=path) from exc
    return path.open("rb"), path.stat().st_size, path.name, None


def _merge(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The union of intervals as a sorted list of disjoint intervals."""
    out: list[tuple[datetime, datetime]] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


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


class _Target:
    """Parser target that keeps no tree: one top-level element's attributes (and, for HRV
    records, its beat times) at a time, and counts what the caps of the module docstring bound.
    """

    def __init__(self, path: Path, handle: Callable[[str, dict, list[str], int], None]) -> None:
        self.path, self.handle = path, handle
        self.depth = 0
        self.text = 0  # characters of text since the last tag
        self.events = 0
        self.fed = 0  # bytes fed to the parser so far
        self.record = 0
        self.rec_tag = ""
        self.rec_attrib: dict = {}
        self.rec_beats: list[str] = []
        self.rec_children = 0
        self.rec_fed = 0
        self.rec_hrv = False
        self.saw_health = False

    def _fail(self, message: str) -> None:
        raise SignalFormatError(message, path=self.path, record=self.record or None)

    def start(self, tag: str, attrib: dict) -> None:
        self.events += 1
        self.text = 0
        self.depth += 1
        if self.depth == 1:
            if tag != "HealthData":
                self._fail(f"not an Apple Health export (root element <{tag[:40]}>)")
            self.saw_health = True
            return
        if self.depth > MAX_DEPTH:
            self._fail(f"elements nested more than {MAX_DEPTH} deep (not an Apple Health export)")
        if self.depth == 2:
            self.record += tag == "Record"  # "record N" counts Record elements, as Apple does
            self.rec_tag, self.rec_attrib, self.rec_beats = tag, attrib, []
            self.rec_children, self.rec_fed = 0, self.fed
            self.rec_hrv = tag == "Record" and attrib.get("type") == HRV
            return
        self.rec_children += 1
        if self.rec_children > MAX_RECORD_CHILDREN:
            self._fail(
                f"one element holds more than {MAX_RECORD_CHILDREN:,} child elements "
                "(limit per record)"
            )
        self._check_record_size()
        if self.rec_hrv and tag == "InstantaneousBeatsPerMinute":
            self.rec_beats.append(attrib.get("time", ""))

    def _check_record_size(self) -> None:
        if self.fed - self.rec_fed > MAX_RECORD_BYTES + _FEED:
            self._fail(
                f"one element is larger than {MAX_RECORD_BYTES // (1 << 20)} MiB (limit per record)"
            )

    def end(self, tag: str) -> None:
        self.events += 1
        self.text = 0
        self.depth -= 1
        if self.depth == 1:
            self._check_record_size()
            attrib, beats = self.rec_attrib, self.rec_beats
            self.rec_attrib, self.rec_beats = {}, []
            self.handle(self.rec_tag, attrib, beats, self.record)

    def data(self, text: str) -> None:
        self.events += 1
        self.text += len(text)
        if self.text > MAX_TEXT_CHARS:
            self._fail(
                f"more than {MAX_TEXT_CHARS // (1 << 10)} KiB of text between two tags "
                "(Apple Health exports keep their data in attributes)"
            )

    def comment(self, text: str) -> None:
        self.events += 1

    def pi(self, target: str, text: str) -> None:
        self.events += 1

    def close(self) -> None:
        return None


def _check_unpacked(done: int, compressed: int | None, path: Path, limit: int) -> None:
    if done > limit:
        raise SignalFormatError(
            f"the export unpacks to more than {limit / (1 << 30):g} GiB (limit); split it or "
            "export a shorter period",
            path=path,
        )
    if compressed and done > MIN_RATIO_CHECK_BYTES and done > MAX_COMPRESSION_RATIO * compressed:
        raise SignalFormatError(
            f"the zip unpacks to more than {MAX_COMPRESSION_RATIO} times its compressed size "
            "(a real export compresses 10–30 times): refused as a zip bomb",
            path=path,
        )


def read_apple_health(
    path: str | Path,
    progress: Callable[[int, int | None], None] | None = None,
    *,
    max_unpacked_bytes: int | None = None,
) -> AppleResult:
    """Stream an Apple Health export into daily rows (see the module docstring).

    ``max_unpacked_bytes`` overrides :data:`MAX_UNPACKED_BYTES` (the XML read, after unzipping).
    Every cap of the module docstring raises :class:`SignalFormatError` naming the limit.
    """
    import defusedxml
    from defusedxml.ElementTree import DefusedXMLParser

    limit = MAX_UNPACKED_BYTES if max_unpacked_bytes is None else int(max_unpacked_bytes)
    p = Path(path)
    if not p.is_file():
        raise SignalFormatError("no such file", path=p)
    if p.stat().st_size == 0:
        raise SignalFormatError("the file is empty", path=p)
    raw, total, label, compressed = _open(p)
    try:
        head = raw.read(8192)
    except _READ_ERRORS as exc:
        raw.close()
        raise SignalFormatError(f"unreadable file ({exc})", path=p) from exc
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

    def num(attrib: dict, name: str, record: int) -> float:
        v = attrib.get(name)
        try:
            x = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError) as exc:
            raise SignalFormatError(
                f"expected a number, got {str(v)[:40]!r}", path=p, record=record, field=name
            ) from exc
        if not np.isfinite(x):
            raise SignalFormatError(
                f"not a finite number: {str(v)[:40]!r}", path=p, record=record, field=name
            )
        return x

    def new_day(day: date, tz: timezone, record: int) -> None:
        if day not in day_tz:
            if len(day_tz) >= MAX_DAYS:
                raise SignalFormatError(
                    f"records on more than {MAX_DAYS:,} different days (limit)",
                    path=p,
                    record=record,
                )
            day_tz[day] = tz

    def handle(tag: str, attrib: dict, beat_times: list[str], record: int) -> None:
        nonlocal t0
        if tag != "Record":
            return
        counts["records"] += 1
        kind = attrib.get("type")
        if kind == HRV:
            start, tz = _parse_apple_time(attrib.get("startDate"), p, record, "startDate")
            value = num(attrib, "value", record)
            day = start.date()
            new_day(day, tz, record)
            sdnn[day].append(value)
            counts["hrv_records"] += 1
            beats = []
            for text in beat_times:
                try:
                    beats.append(parse_beat_time(text, start))
                except (ValueError, OverflowError) as exc:
                    raise SignalFormatError(
                        str(exc)[:200],
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
            start, tz = _parse_apple_time(attrib.get("startDate"), p, record, "startDate")
            new_day(start.date(), tz, record)
            resting[start.date()].append(num(attrib, "value", record))
        elif kind == STEPS:
            start, tz = _parse_apple_time(attrib.get("startDate"), p, record, "startDate")
            new_day(start.date(), tz, record)
            by_source = steps[start.date()]
            source = str(attrib.get("sourceName", ""))[:200]
            if source not in by_source and len(by_source) >= MAX_SOURCES_PER_DAY:
                raise SignalFormatError(
                    f"step counts from more than {MAX_SOURCES_PER_DAY} sources on one day (limit)",
                    path=p,
                    record=record,
                    field="sourceName",
                )
            by_source[source] += num(attrib, "value", record)
        elif kind == SLEEP:
            if attrib.get("value") in ASLEEP:
                start, _ = _parse_apple_time(attrib.get("startDate"), p, record, "startDate")
                end, tz = _parse_apple_time(attrib.get("endDate"), p, record, "endDate")
                if end < start:
                    raise SignalFormatError(
                        "sleep ends before it starts", path=p, record=record, field="endDate"
                    )
                new_day(end.date(), tz, record)
                night = sleep[end.date()]
                night.append((start, end))
                if len(night) >= MAX_SLEEP_INTERVALS:
                    night[:] = _merge(night)  # the union is all that is kept (lossless)
                    if len(night) >= MAX_SLEEP_INTERVALS // 2:
                        raise SignalFormatError(
                            f"more than {MAX_SLEEP_INTERVALS // 2:,} separate sleep intervals "
                            "ending on one day (limit)",
                            path=p,
                            record=record,
                        )
        else:
            counts["ignored_records"] += 1

    target = _Target(p, handle)
    xp = DefusedXMLParser(
        target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    try:
        quiet = 0  # consecutive feeds without a single parser event
        while True:
            chunk = stream.read(_FEED)
            if not chunk:
                break
            target.fed += len(chunk)
            _check_unpacked(stream.done, compressed, p, limit)
            before = target.events
            xp.feed(chunk)
            quiet = quiet + 1 if target.events == before else 0
            if quiet * _FEED > MAX_TOKEN_BYTES:
                raise SignalFormatError(
                    f"a single tag, attribute, comment or declaration longer than "
                    f"{MAX_TOKEN_BYTES // (1 << 20)} MiB (limit)",
                    path=p,
                    record=target.record or None,
                )
            if target.depth >= 2:
                target._check_record_size()
        xp.close()
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
    except (*_READ_ERRORS, UnicodeError, LookupError) as exc:  # LookupError: an unknown encoding declared
        raise SignalFormatError(f"unreadable file ({exc})", path=p) from exc
    finally:
        raw.close()
    if not target.saw_health:
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
