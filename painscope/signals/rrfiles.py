"""Readers for beat-to-beat text files: generic RR, Elite HRV, Polar Sensor Logger RR/PPI.

Unit rule for files without a stated unit (generic RR, one interval per line):

* the **median** of the values decides: below 10 → seconds (no heart beats 10 ms apart), at
  or above 200 → milliseconds (no interval lasts 200 s); between 10 and 200 → rejected as
  ambiguous, with a message asking for the unit (``--format rr`` with a ``# unit: ms`` header
  line, see below). The median, not the maximum (pyHRV's ``max < 10`` rule), so that a single
  10,000-ms artefact does not flip a whole millisecond file to seconds;
* a value longer than 10 s is a **recording gap** (:data:`~painscope.signals.series.GAP_MS`),
  not an interval: Holter-style 24-h exports write the time from the start of the recording to
  the first beat as a leading value (225.8 s for nsr001) and lead-off or noise stretches as
  values of tens of seconds. Gaps are left out of every NN statistic, no successive
  difference spans one, and :func:`painscope.signals.analysis.analyse` reports them (count,
  total and longest duration); a leading one becomes the first beat's offset;
* a file that mixes units is rejected, naming the first offending line: in a millisecond file a
  value in (0, 10) looks like seconds; in a seconds file a value of 300–2000 looks like
  milliseconds (a beat in ms; as seconds it would be a 5–33 min gap, which a file must then
  confirm with a ``# unit: s`` line);
* a ``# unit: ms`` or ``# unit: s`` comment line overrides the rule (and, for seconds, reads
  every value above 10 as a gap).

Values ≤ 0 ms and values outside 300–2000 ms are kept as *rejected* beats by
:func:`painscope.signals.artifacts.clean` (documented rejection, not a crash); negative
values and non-numbers are errors naming the line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from painscope.signals.errors import SignalFormatError
from painscope.signals.series import RRSeries

_ELITE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2})-(\d{2})-(\d{2})\.txt$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_UNIT_LINE = re.compile(r"^#\s*unit\s*[:=]\s*(ms|s)\s*$", re.IGNORECASE)

#: Polar Sensor Logger column headers (HRV.md §4.2).
POLAR_RR_HEADER = ("Phone timestamp", "RR-interval [ms]")
POLAR_PPI_HEADER = ("Phone timestamp", "PP-interval [ms]")

#: Largest value read from a beat file: a week in ms (6.048e8); anything above is no interval
#: or gap in any unit (and 1e305 would overflow the beat times).
MAX_VALUE = 7 * 86400 * 1000.0

#: A BLE dropout: phone time running ahead of the summed RR by more than this many seconds.
POLAR_GAP_S = 3.0


def read_text(path: str | Path, max_bytes: int | None = None) -> str:
    """Read a small text file as UTF-8 (BOM tolerated), with a clear error for binaries."""
    p = Path(path)
    try:
        data = p.read_bytes() if max_bytes is None else p.open("rb").read(max_bytes)
    except FileNotFoundError as exc:
        raise SignalFormatError("no such file", path=p) from exc
    except IsADirectoryError as exc:
        raise SignalFormatError("is a folder, not a file", path=p) from exc
    if not data.strip():
        raise SignalFormatError("the file is empty", path=p)
    if b"\x00" in data:
        raise SignalFormatError("binary content where text was expected", path=p)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SignalFormatError(
            f"not UTF-8 text (byte {exc.start}); is this the right file or format?", path=p
        ) from exc


def _parse_number(token: str, path: Path, line: int, field: str) -> float:
    token = token.strip()
    if not _NUMBER.match(token):
        raise SignalFormatError(
            f"expected a number, got {token[:40]!r}", path=path, line=line, field=field
        )
    value = float(token.replace(",", "."))
    if not np.isfinite(value) or value > MAX_VALUE:
        raise SignalFormatError(
            f"{token[:40]} is not a plausible interval (longer than a week in any unit)",
            path=path,
            line=line,
            field=field,
        )
    if value < 0:
        raise SignalFormatError(
            f"a beat interval cannot be negative (got {token})", path=path, line=line, field=field
        )
    return value


def parse_rr_values(
    text: str, path: str | Path, unit: str | None = None
) -> tuple[np.ndarray, list[int], str]:
    """Parse one-interval-per-line text; return (values in ms, their line numbers, unit used)."""
    p = Path(path)
    values: list[float] = []
    lines: list[int] = []
    seen_data = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        s = raw.strip()
        if not s:
            continue
        if s.startswith("#"):
            m = _UNIT_LINE.match(s)
            if m and unit is None:
                unit = m.group(1).lower()
            continue
        if not seen_data and not _NUMBER.match(s):
            seen_data = True  # one header line (e.g. "RR") is tolerated
            continue
        seen_data = True
        values.append(_parse_number(s, p, lineno, "RR"))
        lines.append(lineno)
    if not values:
        raise SignalFormatError("no RR values found (one interval per line expected)", path=p)
    return _apply_unit(np.asarray(values, dtype=float), lines, p, unit)


def _apply_unit(
    arr: np.ndarray, lines: list[int], p: Path, unit: str | None
) -> tuple[np.ndarray, list[int], str]:
    """The unit rule of the module docstring on parsed values (line numbers for messages)."""
    stated = unit is not None
    if unit is None:
        med = float(np.median(arr))
        if med < 10:
            unit = "s"
        elif med >= 200:
            unit = "ms"
        else:
            raise SignalFormatError(
                f"cannot tell seconds from milliseconds (median value {med:g}); add a "
                "'# unit: ms' or '# unit: s' line",
                path=p,
            )
    if unit == "ms":
        bad = np.flatnonzero((arr > 0) & (arr < 10))
        if bad.size:
            raise SignalFormatError(
                f"mixed units: {arr[bad[0]]:g} looks like seconds in a file of milliseconds",
                path=p,
                line=lines[bad[0]],
                field="RR",
            )
        return arr, lines, unit
    if not stated:
        bad = np.flatnonzero((arr >= 300) & (arr <= 2000))
        if bad.size:
            v = arr[bad[0]]
            raise SignalFormatError(
                f"mixed units: {v:g} looks like milliseconds in a file of seconds (if it is a "
                f"recording gap of {v / 60:.1f} min, add a '# unit: s' line)",
                path=p,
                line=lines[bad[0]],
                field="RR",
            )
    return arr * 1000.0, lines, unit


NPY_MAGIC = b"\x93NUMPY"


def read_npy(path: str | Path, unit: str | None = None) -> tuple[np.ndarray, list[int], str]:
    """A NumPy ``.npy`` array of intervals (e.g. pyHRV's sample files), read with
    ``allow_pickle=False`` (no code runs from the file); the same unit rule as text files, with
    array positions (1-based) in place of line numbers."""
    p = Path(path)
    try:
        arr = np.load(p, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise SignalFormatError(f"not a readable .npy array of numbers ({exc})", path=p) from exc
    if arr.dtype.kind not in "iuf":
        raise SignalFormatError(
            f".npy array of {arr.dtype} where RR intervals (numbers) were expected", path=p
        )
    arr = np.asarray(arr, dtype=float).ravel()
    if arr.size == 0:
        raise SignalFormatError("the .npy array is empty", path=p)
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0) | (arr > MAX_VALUE))
    if bad.size:
        raise SignalFormatError(
            f"a beat interval must be a non-negative number up to a week (got {arr[bad[0]]:g})",
            path=p,
            line=int(bad[0]) + 1,
            field="RR",
        )
    return _apply_unit(arr, list(range(1, arr.size + 1)), p, unit)


def is_npy(path: str | Path) -> bool:
    """Whether ``path`` starts with the NumPy ``.npy`` magic bytes."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(6) == NPY_MAGIC
    except OSError:
        return False


def read_rr(path: str | Path, *, unit: str | None = None) -> RRSeries:
    """Read a generic RR file: one interval per line, seconds or ms (module docstring rule),
    or a NumPy ``.npy`` array of intervals (:func:`read_npy`)."""
    if is_npy(path):
        rr, _, used = read_npy(path, unit)
    else:
        text = read_text(path)
        rr, _, used = parse_rr_values(text, path, unit)
    return RRSeries.from_values_with_gaps(rr, source=f"rr:{Path(path).name} ({used})")


def elite_hrv_start(path: str | Path) -> datetime | None:
    """Start time from an Elite HRV export name ``YYYY-MM-DD HH-MM-SS.txt`` (naive local time)."""
    m = _ELITE_NAME.match(Path(path).name)
    if not m:
        return None
    return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}:{m.group(3)}:{m.group(4)}")


def read_elite_hrv(path: str | Path) -> RRSeries:
    """Read an Elite HRV raw RR export: one uncorrected interval in ms per line (HRV.md §4.7).

    The reading's start comes from the file name (``2017-06-29 13-11-53.txt``, local time).
    """
    text = read_text(path)
    rr, _, _ = parse_rr_values(text, path, unit="ms")
    return RRSeries.from_values_with_gaps(
        rr, start=elite_hrv_start(path), source=f"elitehrv:{Path(path).name}"
    )


def _parse_phone_time(token: str, path: Path, line: int) -> datetime:
    s = token.strip()
    try:
        return datetime.fromisoformat(s.replace(" ", "T", 1) if "T" not in s else s)
    except ValueError as exc:
        raise SignalFormatError(
            f"unreadable timestamp {s[:40]!r}", path=path, line=line, field="Phone timestamp"
        ) from exc


def _csv_lines(reader: Any, p: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, row) of a csv reader; a csv.Error becomes a SignalFormatError."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SignalFormatError(f"unreadable CSV ({exc})", path=p, line=reader.line_num) from exc
        yield reader.line_num, row


def read_polar(path: str | Path) -> RRSeries:
    """Read a Polar Sensor Logger ``_RR.txt`` or ``_PPI.txt`` stream (HRV.md §4.2).

    Rows are ``Phone timestamp;RR-interval [ms]`` (several rows may share one timestamp, as
    BLE notifications arrive about once a second) or the PPI layout with ``blocker`` and
    ``contact`` columns; PPI rows with ``blocker = 1`` or ``contact = 0`` are kept as rejected
    beats. When the phone clock runs ahead of the summed intervals by more than 3 s (a BLE
    dropout), the next interval is marked as following a gap, so no successive difference
    spans the dropout.
    """
    p = Path(path)
    text = read_text(p)
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:  # pragma: no cover - read_text rejects empty files
        raise SignalFormatError("the file is empty", path=p) from exc
    except csv.Error as exc:
        raise SignalFormatError(f"unreadable CSV ({exc})", path=p, line=1) from exc
    if tuple(header[:2]) == POLAR_RR_HEADER:
        kind = "rr"
    elif tuple(header[:2]) == POLAR_PPI_HEADER:
        kind = "ppi"
    else:
        raise SignalFormatError(
            f"not a Polar Sensor Logger RR/PPI file (header {';'.join(header[:3])!r})",
            path=p,
            line=1,
        )
    col = {name: i for i, name in enumerate(header)}
    times: list[datetime] = []
    rr: list[float] = []
    ok: list[bool] = []
    for lineno, row in _csv_lines(reader, p):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2:
            raise SignalFormatError("expected at least 2 columns", path=p, line=lineno)
        times.append(_parse_phone_time(row[0], p, lineno))
        rr.append(_parse_number(row[1], p, lineno, header[1]))
        good = True
        if kind == "ppi":
            for name, bad_value in (("blocker", "1"), ("contact", "0")):
                i = col.get(name)
                if i is not None and i < len(row) and row[i].strip() == bad_value:
                    good = False
        ok.append(good)
    if not rr:
        raise SignalFormatError("no intervals after the header", path=p)
    arr = np.asarray(rr, dtype=float)
    cum = np.cumsum(arr) / 1000.0
    phone = np.array([(t - times[0]).total_seconds() for t in times])
    # Phone time of a row ~ time of its beat (up to ~1 s notification delay); the drift
    # between the two jumps when beats were lost.
    drift = phone - cum
    jump = np.zeros(arr.size)
    jump[1:] = np.diff(drift)
    gap = jump > POLAR_GAP_S
    extra = np.cumsum(np.where(gap, jump, 0.0))
    contiguous = ~gap
    contiguous[0] = False
    return RRSeries(
        rr_ms=arr,
        t_s=cum + extra,
        normal=np.asarray(ok, dtype=bool),
        contiguous=contiguous,
        start=times[0],
        source=f"polar-{kind}:{p.name}",
    )
