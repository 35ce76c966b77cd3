"""What every importer fuzzer shares: input mutations and the one property checked.

The property (issue 14): any input gives a result or the importer's documented error — a
:class:`~painscope.signals.errors.SignalFormatError` for device files, a
:class:`~painscope.diary.DiaryError` for diaries and for rows a device file would add (both
``ValueError`` subclasses carrying a message that names the file, line/record and field) —
never another exception, and the read's peak traced memory stays under :data:`MAX_PEAK_BYTES`
(the inputs are kilobytes; only an expansion bomb could pass it).
"""

from __future__ import annotations

import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from painscope.diary import DiaryError, validate_frame
from painscope.signals.analysis import analyse
from painscope.signals.beats import read_beats
from painscope.signals.errors import SignalFormatError
from painscope.signals.wearable import read_wearable

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "signals" / "fixtures"
SHARED = REPO.parent / "shared" / "data"
MAX_PEAK_BYTES = 64 << 20

#: Replacements that break parsers in known ways: numbers at their limits, separators,
#: quotes, markup, dates that do not exist or sit at the ends of the calendar, magic bytes.
TOKENS: tuple[bytes, ...] = (
    b"",
    b"0",
    b"-1",
    b"-0",
    b"1e309",
    b"-1e309",
    b"nan",
    b"NaN",
    b"inf",
    b"9" * 40,
    b"0.0000001",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b'"',
    b"'",
    b",",
    b";",
    b"\n",
    b"\r\n",
    b"\t",
    b"=",
    b"<",
    b">",
    b"&amp;",
    b"&#0;",
    b"&#x1F600;",
    b"<!--",
    b"<![CDATA[x]]>",
    b"{",
    b"}",
    b"[",
    b"]",
    b"null",
    b"true",
    b'""',
    b"2024-02-30",
    b"0001-01-01 00:00:00 +0000",
    b"9999-12-31 23:59:59 +1400",
    b"0001-01-01T00:00:00-12:00",
    b"9999-12-31T23:59:59+14:00",
    b"24:61:61",
    b"+2400",
    b"PK\x03\x04",
    b".FIT",
    b"\xef\xbb\xbf",
    b"# unit: s",
    b"# unit: ms",
    b"\x93NUMPY",
)
OPS = ("flip", "delete", "insert", "token", "duplicate", "truncate")


@st.composite
def mutated(draw: Any, data: bytes, max_ops: int = 6) -> bytes:
    """``data`` after 1 to ``max_ops`` random edits (bit flips, deletions, insertions of random
    bytes or of :data:`TOKENS`, duplicated stretches, truncation)."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, max_ops))):
        op = draw(st.sampled_from(OPS))
        n = len(buf)
        pos = draw(st.integers(0, n))
        if op == "flip" and n:
            buf[min(pos, n - 1)] ^= 1 << draw(st.integers(0, 7))
        elif op == "delete" and n:
            del buf[pos : pos + draw(st.integers(1, 64))]
        elif op == "insert":
            buf[pos:pos] = draw(st.binary(max_size=32))
        elif op == "token":
            buf[pos : pos + draw(st.integers(0, 12))] = draw(st.sampled_from(TOKENS))
        elif op == "duplicate" and n:
            piece = bytes(buf[pos : pos + draw(st.integers(1, 256))])
            buf[pos:pos] = piece * draw(st.integers(1, 4))
        elif op == "truncate":
            del buf[pos:]
    return bytes(buf)


def check(call: Callable[[], Any], allowed: tuple[type[BaseException], ...]) -> Any:
    """Run ``call``; a result or an ``allowed`` error with a message passes, anything else
    (another exception, a silent empty message, too much memory) fails the example."""
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        result = call()
    except allowed as exc:
        assert str(exc).strip(), f"{type(exc).__name__} without a message"
        result = None
    finally:
        _, peak = tracemalloc.get_traced_memory()
        if not tracing:
            tracemalloc.stop()
    assert peak < MAX_PEAK_BYTES, f"peak traced memory {peak / 1e6:.1f} MB"
    return result


def in_file(data: bytes, name: str, call: Callable[[Path], Any]) -> Any:
    """Write ``data`` to a fresh folder as ``name`` and run ``call(path)`` there."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return call(path)


def wearable_import(path: Path, fmt: str = "auto") -> Any:
    """What an upload and ``painscope import-wearable`` do before storing: read, then validate
    the rows as diary rows."""

    def run() -> Any:
        result = read_wearable(path, fmt, tz="Europe/Berlin")
        result.summary()
        return validate_frame(result.daily)

    return check(run, (SignalFormatError, DiaryError))


def beat_analysis(path: Path, fmt: str = "auto", **kwargs: Any) -> Any:
    """What ``painscope hrv`` does: read beats, then the whole and windowed analysis."""

    def run() -> Any:
        series, _ = read_beats(path, fmt, **kwargs)
        try:
            return analyse(series, window_s=60.0, step_s=30.0)
        except ValueError as exc:
            # analyse's documented refusals (the CLI shows them as errors)
            assert "fewer than 2 intervals" in str(exc) or "windows of" in str(exc), exc
            return None

    return check(run, (SignalFormatError,))
