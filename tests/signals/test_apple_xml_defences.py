"""Untrusted XML: entity bombs, external entities, truncation, malformed values (HRV.md §4.1)."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import UTC
from pathlib import Path

import pytest

from painscope.signals.apple import parse_beat_time, read_apple_health
from painscope.signals.errors import SignalFormatError, UnsafeXMLError

FIX = Path(__file__).parent / "fixtures"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<HealthData locale="en"><Record type="x" sourceName="&lol9;" startDate="2024-03-01 00:00:00 +0000" endDate="2024-03-01 00:00:00 +0000"/></HealthData>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE HealthData [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<HealthData locale="en"><Record type="x" sourceName="&xxe;" startDate="2024-03-01 00:00:00 +0000" endDate="2024-03-01 00:00:00 +0000"/></HealthData>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE HealthData SYSTEM "http://example.invalid/health.dtd">
<HealthData locale="en"></HealthData>
"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entity_declarations_and_external_references_are_refused(tmp_path, doc):
    p = tmp_path / "export.xml"
    p.write_text(doc)
    tracemalloc.start()
    with pytest.raises(UnsafeXMLError, match="refused"):
        read_apple_health(p)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000  # nothing was expanded


def test_unsafe_xml_error_is_a_value_error():
    assert issubclass(UnsafeXMLError, ValueError)


def test_truncated_export_is_an_error_not_a_partial_result(tmp_path):
    data = (FIX / "apple_health_export.xml").read_bytes()
    p = tmp_path / "export.xml"
    p.write_bytes(data[: int(len(data) * 0.7)])
    with pytest.raises(
        SignalFormatError, match=r"export\.xml, line \d+: malformed or truncated XML"
    ):
        read_apple_health(p)


def test_bad_value_names_the_record_and_attribute(tmp_path):
    text = (FIX / "apple_health_export.xml").read_text().replace('value="58"', 'value="fifty"')
    p = tmp_path / "export.xml"
    p.write_text(text)
    with pytest.raises(SignalFormatError, match=r"record 7, field 'value'"):
        read_apple_health(p)


def test_not_an_apple_export(tmp_path):
    p = tmp_path / "other.xml"
    p.write_text("<?xml version='1.0'?><gpx><trk/></gpx>")
    with pytest.raises(SignalFormatError, match="not an Apple Health export"):
        read_apple_health(p)


def test_zipped_export_is_read_in_place(tmp_path):
    z = tmp_path / "export.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(FIX / "apple_health_export.xml", "apple_health_export/export.xml")
        zf.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    assert len(read_apple_health(z).rows) == 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6:14:48.94 PM", "18:14:48.940000"),
        ("17:07:00,29", "17:07:00.290000"),
        ("3:10:02,11 AM", "03:10:02.110000"),
        ("12:00:01.00 AM", "00:00:01"),
    ],
)
def test_locale_beat_times(text, expected):
    from datetime import datetime

    anchor = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    got = parse_beat_time(text, anchor.replace(hour=int(expected[:2]), minute=0, second=0))
    assert got.time().isoformat() == expected
