"""The tidy diary CSV: reading, validating and writing the exchange format.

One observation per row, ``timestamp,kind,name,value,unit,note``; rows with the same
timestamp form one entry. Reading validates every row and raises :class:`DiaryError` naming
the line and column of each problem; nothing is returned for a file with a bad row, so a
caller that stores the result in one transaction never stores half a file.

Writing is canonical: timestamps as ``YYYY-MM-DDTHH:MM:SS±HH:MM``, values in their shortest
round-trip form, rows ordered by time, kind and name; free-text cells that a spreadsheet
would run as a formula get a leading apostrophe, removed again on reading (:func:`escape_cell`).
Writing what was read reproduces the same bytes, so export → import into an empty store →
export is byte-identical.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Protocol

import numpy as np
import pandas as pd

from painscope.diary.schema import (
    CSV_HEADER,
    KIND_ORDER,
    KINDS,
    MAX_FUTURE_DAYS,
    MAX_NAME,
    MAX_NOTE,
    MAX_UNIT,
    MEASURES,
    MIN_YEAR,
    NAME_PATTERN,
    RATINGS,
    is_known_region,
    text_problem,
)

FRAME_COLUMNS: tuple[str, ...] = (
    "timestamp",
    "utc",
    "offset_minutes",
    "local_date",
    "kind",
    "name",
    "value",
    "unit",
    "note",
)
MAX_ERRORS_REPORTED = 10
MAX_ROWS = 5_000_000
# Presence kinds: an empty value means "yes" (1).
_PRESENCE = {"region", "quality", "factor", "food", "flare", "menstruation"}
_SELF_NAMED = {"flare", "menstruation", "note"}


@dataclass(frozen=True)
class RowProblem:
    line: int | None  # line in the file (header is line 1); None when not from a file
    column: str
    message: str
    unit: str = "line"  # "line" for files, "row" for frames and API lists (1-based)

    def __str__(self) -> str:
        where = f"{self.unit} {self.line}, column {self.column}" if self.line else f"{self.column}"
        return f"{where}: {self.message}"


class DiaryError(ValueError):
    """Invalid diary data; ``problems`` lists each bad row and field."""

    def __init__(self, problems: list[RowProblem] | str, total: int | None = None) -> None:
        if isinstance(problems, str):
            problems = [RowProblem(None, "file", problems)]
        self.problems = problems
        self.total = total if total is not None else len(problems)
        shown = "; ".join(str(p) for p in problems[:MAX_ERRORS_REPORTED])
        more = self.total - min(len(problems), MAX_ERRORS_REPORTED)
        suffix = f" (and {more} more problems)" if more > 0 else ""
        super().__init__(shown + suffix)


@dataclass
class Observation:
    kind: str
    name: str
    value: float | None
    unit: str = ""
    note: str = ""


@dataclass
class Entry:
    """Observations sharing one timestamp (a check-in)."""

    utc: datetime
    offset_minutes: int
    observations: list[Observation] = field(default_factory=list)

    @property
    def timestamp(self) -> str:
        return format_timestamp(self.utc, self.offset_minutes)


# -- single values -------------------------------------------------------------------------


def parse_timestamp(text: str, *, now: datetime | None = None) -> tuple[datetime, int]:
    """Parse an ISO 8601 timestamp that carries a UTC offset.

    Returns the instant in UTC and the offset in minutes. Raises ``ValueError`` with a
    message for people when the text is not ISO 8601, has no offset, or is implausible
    (before 1900 or more than two days ahead).
    """
    text = text.strip()
    if not text:
        raise ValueError("a timestamp is required")
    bad = text_problem(text)
    if bad:
        raise ValueError(f"the timestamp {bad}")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"'{_clip(text)}' is not an ISO 8601 time such as 2024-03-01T08:30:00+01:00"
        ) from None
    try:
        offset = parsed.utcoffset()
    except (OverflowError, ValueError):  # a zone's rules that cannot reach that year
        offset = None
    if parsed.tzinfo is None or offset is None:
        raise ValueError(f"'{_clip(text)}' has no UTC offset (add e.g. +00:00 or Z)")
    if parsed.year < MIN_YEAR:
        raise ValueError(f"the year {parsed.year} is before {MIN_YEAR}")
    offset_minutes = int(offset.total_seconds() // 60)
    if offset.total_seconds() % 60:
        raise ValueError(f"'{_clip(text)}' has an offset with seconds; use whole minutes")
    now = now or datetime.now(UTC)
    # Compare before converting: near year 9999 the conversion to UTC itself overflows.
    if parsed.year > now.year + 1:
        raise ValueError(f"'{_clip(text)}' is in the future")
    try:
        utc = parsed.astimezone(UTC)
    except OverflowError:  # past the last (or first) representable instant once in UTC
        raise ValueError(f"'{_clip(text)}' is outside the supported calendar once in UTC") from None
    if utc > now + timedelta(days=MAX_FUTURE_DAYS):
        raise ValueError(f"'{_clip(text)}' is in the future")
    return utc, offset_minutes


def format_timestamp(utc: datetime, offset_minutes: int) -> str:
    """Canonical ISO 8601 with the entry's own offset, e.g. ``2024-03-01T08:30:00+01:00``."""
    local = utc.astimezone(_tz(offset_minutes))
    spec = "seconds" if local.microsecond == 0 else "microseconds"
    return local.isoformat(timespec=spec)


def format_value(value: float | None) -> str:
    """Shortest text that reads back to the same float; integers without a decimal point."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _tz(offset_minutes: int):
    from datetime import timezone

    return timezone(timedelta(minutes=offset_minutes))


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{_clip(text)}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"'{_clip(text)}' is not a finite number")
    return value


def check_observation(
    kind: str, name: str, value_text: str, unit: str, note: str
) -> tuple[Observation, list[tuple[str, str]]]:
    """Validate one observation given as text; returns it and a list of (column, problem).

    This is the single place that knows the rules of each kind, used for CSV rows, forms
    and the API alike.
    """
    problems: list[tuple[str, str]] = []
    for column, text in (("kind", kind), ("name", name), ("value", value_text), ("unit", unit)):
        bad = text_problem(text.strip())
        if bad:
            problems.append((column, f"{column} {bad}"))
    bad_note = text_problem(note, multiline=True)
    if bad_note:
        problems.append(("note", f"note {bad_note}"))
    if problems:  # nothing else is checked on text that cannot be stored or shown
        return Observation(kind, name, None, unit, note), problems
    kind = kind.strip().lower()
    name = name.strip()
    unit = unit.strip()
    value_text = value_text.strip()
    if kind not in KIND_ORDER:
        problems.append(("kind", f"unknown kind '{_clip(kind)}' (expected one of {', '.join(KINDS)})"))
        return Observation(kind, name, None, unit, note), problems

    if len(note) > MAX_NOTE:
        problems.append(("note", f"note is {len(note)} characters long; the limit is {MAX_NOTE}"))
    if len(unit) > MAX_UNIT:
        problems.append(("unit", f"unit is longer than {MAX_UNIT} characters"))

    if kind in _SELF_NAMED:
        if name == "":
            name = kind
        if name != kind:
            problems.append(("name", f"for kind '{kind}' the name must be '{kind}' (got '{_clip(name)}')"))
    elif kind in ("rating", "measure", "quality", "region"):
        name = name.lower()
        if not NAME_PATTERN.match(name) or len(name) > MAX_NAME:
            problems.append(("name", f"'{_clip(name)}' is not a valid {kind} name (lower-case letters, digits and _)"))
    else:
        if not name:
            problems.append(("name", f"a {kind} needs a name"))
        elif len(name) > MAX_NAME:
            problems.append(("name", f"name is longer than {MAX_NAME} characters"))

    value: float | None = None
    if kind == "note":
        if value_text:
            problems.append(("value", "a note has no value; put its text in the note column"))
        if not note.strip():
            problems.append(("note", "a note row needs text in the note column"))
    elif value_text == "":
        if kind in _PRESENCE:
            value = 1.0
        else:
            problems.append(("value", f"a value is required for a {kind}"))
    else:
        try:
            value = _parse_number(value_text)
        except ValueError as exc:
            problems.append(("value", str(exc)))

    if value is not None and not problems:
        problems.extend(_check_range(kind, name, value))
    if kind == "measure" and name in MEASURES and not problems:
        expected = MEASURES[name].unit
        if unit == "":
            unit = expected
        elif unit != expected:
            problems.append(("unit", f"{name} is recorded in '{expected}' (got '{_clip(unit)}')"))
    if kind == "rating" and unit:
        problems.append(("unit", "ratings are on a 0-10 scale and take no unit"))
    return Observation(kind, name, value, unit, note), problems


def _check_range(kind: str, name: str, value: float) -> list[tuple[str, str]]:
    def outside(low: float, high: float, what: str) -> list[tuple[str, str]]:
        if low <= value <= high:
            return []
        return [("value", f"{what} must be between {format_value(low)} and {format_value(high)} (got {format_value(value)})")]

    if kind == "rating":
        if name not in RATINGS:
            return [("name", f"unknown rating '{name}' (expected one of {', '.join(RATINGS)})")]
        return outside(0, 10, name)
    if kind == "measure":
        spec = MEASURES.get(name)
        if spec is None:
            return outside(-1e9, 1e9, name)
        return outside(spec.low, spec.high, name)
    if kind == "region":
        if not is_known_region(name):
            return [("name", f"unknown body region '{name}'")]
        return [] if value in (0.0, 1.0) else [("value", f"a region is marked with 1 (or 0), got {format_value(value)}")]
    if kind == "quality":
        return outside(0, 10, f"pain quality {name}")
    if kind in ("factor", "food"):
        return outside(-1e6, 1e6, name)
    if kind == "medication":
        return outside(0, 1e6, f"dose of {name}")
    if kind == "flare":
        return [] if value in (0.0, 1.0) else [("value", f"flare is 1 (yes) or 0 (no), got {format_value(value)}")]
    if kind == "menstruation":
        return outside(0, 3, "menstruation (0 none, 1 light, 2 medium, 3 heavy)")
    return []


# -- reading -------------------------------------------------------------------------------


def _open_text(source: str | Path | IO[str] | IO[bytes] | bytes) -> IO[str]:
    if isinstance(source, bytes):
        return io.StringIO(_decode(source))
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise DiaryError(f"no such file: {path}")
        return io.StringIO(_decode(path.read_bytes()))
    data = source.read()
    if isinstance(data, bytes):
        return io.StringIO(_decode(data))
    return io.StringIO(data.removeprefix("\ufeff"))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DiaryError(f"the file is not UTF-8 text (byte {exc.start})") from None


# The csv module refuses fields over 128 KiB with "field larger than field limit", which
# names neither the column nor the rule broken. Every legal field is far shorter (the
# longest is a 5,000-character note, at most 20 KB in UTF-8), so fields up to 1 MiB are
# read and the column's own check names the problem ("note is 10000 characters long; the
# limit is 5000"); only beyond that bound is the row refused unread. The limit is global
# to the process and is only ever raised here, never lowered.
MAX_FIELD_CHARS = 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))


_COMMA_OR_QUOTE = re.compile(r'[,"]')


class _RecordLines:
    """Iterates over a text's lines, keeping those of the record being read, so that a
    row the csv module refuses can still be examined (which field was too long)."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self.lines: list[str] = []

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line = next(self._text)
        self.lines.append(line)
        return line


def _overlong_column(record: str, limit: int) -> str | None:
    """The header name of the first field of ``record`` longer than ``limit`` characters
    (quote-aware, as the csv module splits a row), or None if none is. Jumps from quote
    to quote and comma to comma, so a 10 MB row takes milliseconds."""
    pos, column, length, quoted, n = 0, 0, 0, False, len(record)
    while pos < n:
        if quoted:
            j = record.find('"', pos)
            j = n if j < 0 else j
            length += j - pos
            if record.startswith('""', j):
                length += 1  # an escaped quote is one character of the field
                pos = j + 2
            else:
                quoted, pos = False, j + 1
        else:
            found = _COMMA_OR_QUOTE.search(record, pos)
            j = found.start() if found else n
            length += j - pos
            if length > limit:
                break
            if j < n and record[j] == ",":
                column, length = column + 1, 0
            elif j < n:
                quoted = True
            pos = j + 1
        if length > limit:
            break
    else:
        return None
    return CSV_HEADER[column] if column < len(CSV_HEADER) else None


def _too_long_problem(line: int, record: str) -> RowProblem:
    limit = csv.field_size_limit()
    column = _overlong_column(record, limit)
    size = f"{limit // (1024 * 1024)} MB" if limit % (1024 * 1024) == 0 else f"{limit:,} characters"
    if column == "note":
        return RowProblem(line, "note", f"note is longer than {MAX_NOTE} characters (this one is over {size})")
    if column is not None:
        return RowProblem(line, column, f"{column} is longer than {size}")
    return RowProblem(line, "row", f"a field is longer than {size}")


_FIELD_END = re.compile(r'[,"\n]')


def _unclosed_quote(record: str) -> tuple[int, int] | None:
    """(line offset within ``record``, column index) of a quoted field that is never closed.

    Quote-aware like the csv module: a quote opens a field only at the field's start, and
    ``""`` inside a quoted field is an escaped quote. Jumps from quote to quote, so a record
    that swallowed the rest of a large file still takes milliseconds.
    """
    pos, column, n = 0, 0, len(record)
    at_start = True
    while pos < n:
        if at_start and record[pos] == '"':
            opened = pos
            pos += 1
            while True:
                j = record.find('"', pos)
                if j < 0:
                    return record.count("\n", 0, opened), column
                if record.startswith('""', j):
                    pos = j + 2
                    continue
                pos = j + 1
                break
            at_start = False
            continue
        found = _FIELD_END.search(record, pos)
        if found is None:
            return None
        ch = record[found.start()]
        pos = found.end()
        if ch == ",":
            column, at_start = column + 1, True
        elif ch == "\n":
            column, at_start = 0, True
        else:
            at_start = False  # a quote inside an unquoted field is a plain character
    return None


def _unterminated_problem(end_line: int, lines: list[str]) -> RowProblem:
    start = end_line - len(lines) + 1
    found = _unclosed_quote("".join(lines))
    if found is None:  # pragma: no cover - the csv module and the scan agree on quoting
        return RowProblem(start, "row", "a quoted field is never closed (a closing \" is missing)")
    offset, column = found
    name = CSV_HEADER[column] if column < len(CSV_HEADER) else "row"
    return RowProblem(
        start + offset,
        name,
        "a quoted field opens on this line and is never closed (a closing \" is missing); "
        "everything after it was read as part of this field",
    )


def iter_rows(text: IO[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) for each data row; checks the header.

    The csv module runs in strict mode: a quote opened and never closed is reported at the
    line where it opens (not at the end of the file, where the reader notices), and a quoted
    field followed by other characters (``"a"b``) is an error instead of being silently
    joined.
    """
    record = _RecordLines(text)
    reader = csv.reader(record, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise DiaryError([_unterminated_problem(reader.line_num, record.lines)]) from None
        raise DiaryError([RowProblem(1, "header", f"unreadable CSV: {exc}")]) from None
    if header is None:
        raise DiaryError([RowProblem(1, "header", "the file is empty; expected the header " + ",".join(CSV_HEADER))])
    if [h.strip().lower() for h in header] != list(CSV_HEADER):
        raise DiaryError([RowProblem(1, "header", f"expected '{','.join(CSV_HEADER)}' (got '{_clip(','.join(header), 80)}')")])
    while True:
        record.lines.clear()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise DiaryError([_too_long_problem(reader.line_num, "".join(record.lines))]) from None
            if "unexpected end of data" in str(exc):
                raise DiaryError([_unterminated_problem(reader.line_num, record.lines)]) from None
            raise DiaryError([RowProblem(reader.line_num, "row", f"unreadable CSV: {exc}")]) from None
        yield reader.line_num, fields


#: Kinds of rows that are records rather than observations (format version 2): a medication
#: plan and one dose log. :mod:`painscope.diary.med_rows` reads and writes them; readers that
#: need only the diary (analytics, ``painscope check``) pass no ``records`` and skip them.
RECORD_KINDS = ("medication_plan", "dose_log")


class RecordReader(Protocol):
    """Takes the record rows of a file (see ``RECORD_KINDS``) as :func:`read_tidy_csv` meets them."""

    def add(self, line: int, fields: list[str], *, now: datetime | None) -> list[tuple[str, str]]:
        """Check and keep one row; returns (column, problem) pairs."""
        ...

    def finish(self) -> list[RowProblem]:
        """Checks across rows, after the last one (e.g. a dose naming a plan not in the file)."""
        ...


def read_tidy_csv(source: str | Path | IO[str] | IO[bytes] | bytes, *, now: datetime | None = None,
                  records: RecordReader | None = None) -> pd.DataFrame:
    """Read and validate a tidy diary CSV into the canonical diary frame.

    Raises :class:`DiaryError` naming the line and column of every problem found (the first
    few in the message). Nothing is returned for an invalid file. Rows of ``RECORD_KINDS``
    go to ``records`` (checked there, in the same error report) or, without it, are skipped.
    """
    rows: list[tuple[datetime, int, Observation]] = []
    lines: list[int] = []
    problems: list[RowProblem] = []
    total_problems = 0
    with _open_text(source) as text:
        for line, fields in iter_rows(text):
            if not any(f.strip() for f in fields):
                continue  # blank line
            if len(rows) >= MAX_ROWS:
                raise DiaryError([RowProblem(line, "row", f"more than {MAX_ROWS} rows")])
            if len(fields) != len(CSV_HEADER):
                total_problems += 1
                if len(problems) < MAX_ERRORS_REPORTED:
                    problems.append(RowProblem(line, "row", f"expected {len(CSV_HEADER)} columns, got {len(fields)}"))
                continue
            ts_text, kind, name, value_text, unit, note = fields
            name, unit, note = unescape_cell(name), unescape_cell(unit), unescape_cell(note)
            row_problems: list[tuple[str, str]] = []
            if kind.strip().lower() in RECORD_KINDS:
                if records is not None:
                    row_problems = records.add(line, [ts_text, kind.strip().lower(), name, value_text, unit, note],
                                               now=now)
                    total_problems += len(row_problems)
                    for column, message in row_problems:
                        if len(problems) < MAX_ERRORS_REPORTED:
                            problems.append(RowProblem(line, column, message))
                continue
            utc: datetime | None = None
            offset = 0
            try:
                utc, offset = parse_timestamp(ts_text, now=now)
            except ValueError as exc:
                row_problems.append(("timestamp", str(exc)))
            obs, obs_problems = check_observation(kind, name, value_text, unit, note)
            row_problems.extend(obs_problems)
            if row_problems:
                total_problems += len(row_problems)
                for column, message in row_problems:
                    if len(problems) < MAX_ERRORS_REPORTED:
                        problems.append(RowProblem(line, column, message))
                continue
            assert utc is not None
            rows.append((utc, offset, obs))
            lines.append(line)
    if records is not None and not problems:
        found = records.finish()
        problems.extend(found[:MAX_ERRORS_REPORTED])
        total_problems += len(found)
    if problems:
        raise DiaryError(problems, total_problems)
    frame = frame_from_records(rows)
    _check_duplicates(frame, lines)
    return frame


def frame_from_records(records: list[tuple[datetime, int, Observation]]) -> pd.DataFrame:
    """Build the canonical frame from already-validated (utc, offset, observation) records."""
    if not records:
        return empty_frame()
    utc = pd.DatetimeIndex([r[0] for r in records]).as_unit("ns")
    offsets = np.array([r[1] for r in records], dtype=np.int64)
    local = (utc.tz_localize(None) + pd.to_timedelta(offsets, unit="min")).normalize()
    frame = pd.DataFrame(
        {
            "timestamp": [format_timestamp(r[0], r[1]) for r in records],
            "utc": utc,
            "offset_minutes": offsets,
            "local_date": local,
            "kind": [r[2].kind for r in records],
            "name": [r[2].name for r in records],
            "value": np.array([np.nan if r[2].value is None else r[2].value for r in records], dtype=float),
            "unit": [r[2].unit for r in records],
            "note": [r[2].note for r in records],
        }
    )
    return frame


def empty_frame() -> pd.DataFrame:
    """A canonical diary frame with no rows."""
    return pd.DataFrame(
        {
            "timestamp": pd.Series([], dtype=object),
            "utc": pd.DatetimeIndex([], tz="UTC").as_unit("ns"),
            "offset_minutes": pd.Series([], dtype=np.int64),
            "local_date": pd.DatetimeIndex([]).as_unit("ns"),
            "kind": pd.Series([], dtype=object),
            "name": pd.Series([], dtype=object),
            "value": pd.Series([], dtype=float),
            "unit": pd.Series([], dtype=object),
            "note": pd.Series([], dtype=object),
        }
    )


def _check_duplicates(frame: pd.DataFrame, lines: list[int] | None = None) -> None:
    if frame.empty:
        return
    problems: list[RowProblem] = []
    keys = frame[["utc", "kind", "name"]]
    dup = keys.duplicated(keep=False).to_numpy()
    if dup.any():
        first_seen: dict[tuple[Any, str, str], int] = {}
        for i in np.flatnonzero(dup):
            key = (frame["utc"].iat[i], frame["kind"].iat[i], frame["name"].iat[i])
            line = lines[i] if lines else None
            if key in first_seen:
                other = first_seen[key]
                problems.append(
                    RowProblem(line, "name", f"{key[1]} '{key[2]}' at {frame['timestamp'].iat[i]} appears twice (also on line {other})" if other else f"{key[1]} '{key[2]}' at {frame['timestamp'].iat[i]} appears twice")
                )
            else:
                first_seen[key] = line or 0
    offsets = frame.groupby("utc")["offset_minutes"].nunique()
    for instant in offsets[offsets > 1].index[:MAX_ERRORS_REPORTED]:
        idx = int(np.flatnonzero((frame["utc"] == instant).to_numpy())[0])
        problems.append(RowProblem(lines[idx] if lines else None, "timestamp", "rows of the same moment are written with different UTC offsets"))
    if problems:
        raise DiaryError(problems[:MAX_ERRORS_REPORTED], len(problems))


def validate_frame(frame: pd.DataFrame, *, now: datetime | None = None) -> pd.DataFrame:
    """Validate a frame of tidy rows (from another package, e.g. a wearable import).

    Accepts at least the columns ``timestamp, kind, name, value`` (``unit``, ``note``
    optional) and returns the canonical diary frame, or raises :class:`DiaryError` naming
    the row (0-based index position) and column.
    """
    missing = [c for c in ("timestamp", "kind", "name", "value") if c not in frame.columns]
    if missing:
        raise DiaryError(f"missing columns: {', '.join(missing)}")
    text = write_rows(
        (
            str(row.timestamp),
            str(row.kind),
            str(row.name),
            "" if row.value is None or (isinstance(row.value, float) and math.isnan(row.value)) else format_value(float(row.value)) if isinstance(row.value, int | float | np.integer | np.floating) else str(row.value),
            "" if getattr(row, "unit", "") is None else str(getattr(row, "unit", "") or ""),
            "" if getattr(row, "note", "") is None else str(getattr(row, "note", "") or ""),
        )
        for row in frame.itertuples(index=False)
    )
    try:
        return read_tidy_csv(io.StringIO(text), now=now)
    except DiaryError as exc:
        # CSV line L holds the frame's row L - 1 (1-based), as people count rows.
        relabelled = [
            RowProblem(p.line - 1 if p.line and p.line > 1 else None, p.column, p.message, "row")
            for p in exc.problems
        ]
        raise DiaryError(relabelled, exc.total) from None


# -- writing -------------------------------------------------------------------------------


#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection":
#: ``=``, ``+``, ``-``, ``@``, tab, carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(text: str) -> str:
    """Neutralise a free-text cell for spreadsheets; :func:`unescape_cell` undoes it exactly.

    A cell that starts with a formula character — after any apostrophes — gets one more
    leading apostrophe (``=SUM(A1)`` → ``'=SUM(A1)``, ``'=x`` → ``''=x``), which spreadsheets
    show as text. Every other cell is unchanged, so old exports read as before.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def unescape_cell(text: str) -> str:
    """The inverse of :func:`escape_cell`: drop one apostrophe before a formula character.

    A cell that starts with a formula character directly (a hand-made file) is kept as it is.
    """
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text


def write_rows(rows: Iterable[tuple[str, str, str, str, str, str]]) -> str:
    """The CSV text of rows (header first); ``name``, ``unit`` and ``note`` pass through
    :func:`escape_cell`. ``timestamp``, ``kind`` and ``value`` are canonical (a date, a
    kind word, a plain number such as ``-2``) and stay as they are so numbers stay numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(
        (ts, kind, escape_cell(name), value, escape_cell(unit), escape_cell(note))
        for ts, kind, name, value, unit, note in rows
    )
    return buffer.getvalue()


def sort_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical order: time, then kind (schema order), then name."""
    if frame.empty:
        return frame.reset_index(drop=True)
    order = frame["kind"].map(KIND_ORDER)
    return (
        frame.assign(_k=order)
        .sort_values(["utc", "_k", "name"], kind="mergesort")
        .drop(columns="_k")
        .reset_index(drop=True)
    )


def write_tidy_csv(frame: pd.DataFrame, target: str | Path | IO[str] | None = None, *,
                   records: Iterable[tuple[str, str, str, str, str, str]] = ()) -> str:
    """Write the canonical tidy CSV; returns the text (and writes it to ``target``).

    ``records`` (rows of ``RECORD_KINDS``, e.g. from :func:`painscope.diary.med_rows.record_rows`)
    follow the observations in the order given."""
    frame = sort_frame(frame)
    text = write_rows(itertools.chain(
        zip(
            frame["timestamp"].astype(str),
            frame["kind"].astype(str),
            frame["name"].astype(str),
            (format_value(v) for v in frame["value"].to_numpy(dtype=float)),
            frame["unit"].fillna("").astype(str),
            frame["note"].fillna("").astype(str),
            strict=True,
        ),
        records,
    ))
    if isinstance(target, str | Path):
        Path(target).write_text(text, encoding="utf-8", newline="")
    elif target is not None:
        target.write(text)
    return text


def frame_to_entries(frame: pd.DataFrame) -> list[Entry]:
    """Group a canonical frame into entries (rows sharing a timestamp)."""
    entries: dict[Any, Entry] = {}
    for row in sort_frame(frame).itertuples(index=False):
        instant = row.utc.to_pydatetime()
        entry = entries.get(instant)
        if entry is None:
            entry = entries[instant] = Entry(instant, int(row.offset_minutes))
        value = None if math.isnan(row.value) else float(row.value)
        entry.observations.append(Observation(row.kind, row.name, value, row.unit, row.note))
    return list(entries.values())


def entries_to_frame(entries: Iterable[Entry]) -> pd.DataFrame:
    """The inverse of :func:`frame_to_entries` (used by stores that hold entries)."""
    records = [(e.utc, e.offset_minutes, o) for e in entries for o in e.observations]
    return sort_frame(frame_from_records(records))
