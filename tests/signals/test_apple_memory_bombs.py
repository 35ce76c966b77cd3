"""Memory bombs against the Apple Health importer (issue 14): every cap holds, in bounded memory.

Each bomb is generated on the fly (streamed into a zip, never committed) and read in a fresh
subprocess that reports its peak resident memory (``resource.getrusage``) above what it used
before reading, so one test's allocations cannot hide another's. Before the caps, the
whitespace bomb below was accepted after holding all its text, and the tag and comment bombs
ran for minutes (expat re-scanning an ever-growing token); now each is refused after a few MiB.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from painscope.signals import apple
from painscope.signals.apple import read_apple_health
from painscope.signals.errors import SignalFormatError
from painscope.signals.wearable import read_wearable

FIX = Path(__file__).parent / "fixtures"
HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n'
MIB = 1 << 20
#: Growth of the reading process allowed for any bomb (the caps are 1–8 MiB; NumPy, the
#: parser and the reader's own buffers add a few MiB).
MAX_GROWTH_MB = 48

_PROBE = """
import json, resource, sys
from painscope.signals.wearable import read_wearable
from painscope.signals.errors import SignalFormatError
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_wearable(sys.argv[1])
    error = None
except SignalFormatError as exc:
    error = str(exc)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"error": error, "growth_mb": (after - before) / 1024}))
"""


def _zip(path: Path, parts) -> Path:
    """Write ``export.xml`` into a zip from an iterable of byte chunks (streamed)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("apple_health_export/export.xml", "w", force_zip64=True) as fh,
    ):
        for part in parts:
            fh.write(part)
    return path


def _probe(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout)


def _spaces(n_mib: int):
    yield HEAD
    block = b" " * MIB
    for _ in range(n_mib):
        yield block
    yield b"</HealthData>\n"


def _huge_attribute(n_mib: int):
    yield HEAD + b'<Record type="HKQuantityTypeIdentifierStepCount" sourceName="'
    block = b"x" * MIB
    for _ in range(n_mib):
        yield block
    yield b'" startDate="2024-03-01 10:00:00 +0000" value="1"/>\n</HealthData>\n'


def _many_children(n: int):
    yield HEAD + (
        b'<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" '
        b'startDate="2024-03-01 10:00:00 +0000" value="1">\n'
    )
    child = b'<MetadataEntry key="HKMetadataKeySyncVersion" value="2"/>\n' * 1000
    for _ in range(n // 1000):
        yield child
    yield b"</Record>\n</HealthData>\n"


def _comment(n_mib: int):
    yield HEAD + b"<!--"
    block = b"-x" * (MIB // 2)
    for _ in range(n_mib):
        yield block
    yield b"-->\n</HealthData>\n"


@pytest.mark.parametrize(
    ("name", "parts", "message"),
    [
        ("spaces", lambda: _spaces(100), r"more than 1024 KiB of text between two tags"),
        ("attribute", lambda: _huge_attribute(32), r"single tag, attribute.* longer than 1 MiB"),
        ("children", lambda: _many_children(400_000), r"more than 100,000 child elements"),
        ("comment", lambda: _comment(32), r"single tag, attribute, comment.* longer than 1 MiB"),
    ],
)
def test_bombs_are_refused_in_bounded_memory(tmp_path, name, parts, message):
    bomb = _zip(tmp_path / f"{name}.zip", parts())
    assert bomb.stat().st_size < 2 * MIB  # small upload, huge when unpacked
    res = _probe(bomb)
    assert res["error"] is not None, f"{name} bomb was accepted"
    assert re.search(message, res["error"]), res["error"]
    assert res["growth_mb"] < MAX_GROWTH_MB, res


def test_whitespace_bomb_as_plain_xml_is_refused(tmp_path):
    p = tmp_path / "export.xml"
    with p.open("wb") as fh:
        for part in _spaces(40):
            fh.write(part)
    with pytest.raises(SignalFormatError, match="text between two tags"):
        read_apple_health(p)


def test_unpacked_size_is_capped_and_named(tmp_path):
    z = _zip(tmp_path / "export.zip", [(FIX / "apple_health_export.xml").read_bytes()])
    assert read_apple_health(z).rows  # the real fixture passes with the default cap
    with pytest.raises(SignalFormatError, match=r"unpacks to more than .* GiB \(limit\)"):
        read_apple_health(z, max_unpacked_bytes=2_000)


def test_compression_ratio_is_capped(tmp_path, monkeypatch):
    record = (
        b' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" '
        b'startDate="2024-03-01 10:00:00 +0000" endDate="2024-03-01 10:01:00 +0000" value="1"/>\n'
    )
    z = _zip(tmp_path / "export.zip", [HEAD, record * 20_000, b"</HealthData>\n"])
    monkeypatch.setattr(apple, "MIN_RATIO_CHECK_BYTES", 100_000)
    with pytest.raises(SignalFormatError, match="times its compressed size"):
        read_apple_health(z)
    monkeypatch.setattr(apple, "MAX_COMPRESSION_RATIO", 10_000)
    assert read_apple_health(z).counts["records"] == 20_000


def test_one_record_larger_than_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(apple, "MAX_RECORD_BYTES", 256 << 10)
    z = _zip(tmp_path / "export.zip", _many_children(20_000))  # ~1.2 MB in one record
    with pytest.raises(SignalFormatError, match=r"one element is larger than"):
        read_apple_health(z)


def test_distinct_days_are_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(apple, "MAX_DAYS", 50)
    rows = b"".join(
        b'<Record type="HKQuantityTypeIdentifierRestingHeartRate" '
        + f'startDate="{1900 + i}-01-01 08:00:00 +0000" value="60"/>\n'.encode()
        for i in range(60)
    )
    p = tmp_path / "export.xml"
    p.write_bytes(HEAD + rows + b"</HealthData>\n")
    with pytest.raises(SignalFormatError, match=r"record 51: records on more than 50 different days"):
        read_apple_health(p)


def test_step_sources_per_day_are_capped(tmp_path):
    rows = b"".join(
        b'<Record type="HKQuantityTypeIdentifierStepCount" '
        + f'sourceName="s{i}" startDate="2024-03-01 08:00:00 +0000" value="1"/>\n'.encode()
        for i in range(apple.MAX_SOURCES_PER_DAY + 1)
    )
    p = tmp_path / "export.xml"
    p.write_bytes(HEAD + rows + b"</HealthData>\n")
    with pytest.raises(SignalFormatError, match="more than 100 sources on one day"):
        read_apple_health(p)


def test_many_overlapping_sleep_intervals_are_merged_not_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(apple, "MAX_SLEEP_INTERVALS", 40)
    rows = b"".join(
        b'<Record type="HKCategoryTypeIdentifierSleepAnalysis" '
        b'value="HKCategoryValueSleepAnalysisAsleepCore" '
        + f'startDate="2024-03-02 0{i % 6}:00:00 +0000" endDate="2024-03-02 0{i % 6}:30:00 +0000"/>\n'.encode()
        for i in range(500)
    )
    p = tmp_path / "export.xml"
    p.write_bytes(HEAD + rows + b"</HealthData>\n")
    res = read_wearable(p)
    assert res.daily["value"].tolist() == [3.0]  # six disjoint half hours, each seen many times


def test_too_many_separate_sleep_intervals_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(apple, "MAX_SLEEP_INTERVALS", 40)
    rows = b"".join(
        b'<Record type="HKCategoryTypeIdentifierSleepAnalysis" '
        b'value="HKCategoryValueSleepAnalysisAsleepCore" '
        + f'startDate="2024-03-02 03:{i:02d}:00 +0000" endDate="2024-03-02 03:{i:02d}:30 +0000"/>\n'.encode()
        for i in range(50)
    )
    p = tmp_path / "export.xml"
    p.write_bytes(HEAD + rows + b"</HealthData>\n")
    with pytest.raises(SignalFormatError, match="more than 20 separate sleep intervals"):
        read_apple_health(p)


def test_deep_nesting_is_refused(tmp_path):
    p = tmp_path / "export.xml"
    p.write_bytes(HEAD + b"<a>" * 40 + b"</a>" * 40 + b"</HealthData>\n")
    with pytest.raises(SignalFormatError, match="nested more than 32 deep"):
        read_apple_health(p)
