"""Fuzzing Apple Health (XML and zip), Garmin FIT, PhysioNet WFDB, and random bytes through
format sniffing — mutated real files (tests/signals/fixtures, ../shared/data) and noise."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painscope.signals.beats import read_beats
from painscope.signals.errors import SignalFormatError
from painscope.signals.fit import read_fit
from tests.fuzz.conftest import PROFILE
from tests.fuzz.importers import (
    FIXTURES,
    SHARED,
    beat_analysis,
    check,
    in_file,
    mutated,
    wearable_import,
)

APPLE = (FIXTURES / "apple_health_export.xml").read_bytes()
FIT_FILES = sorted((SHARED / "fit").glob("*.fit")) if (SHARED / "fit").is_dir() else []
NSR = SHARED / "hrv" / "physionet-nsr2db"
needs_shared = pytest.mark.skipif(not FIT_FILES, reason=f"reference data {SHARED} is absent")


def _zipped(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("apple_health_export/export.xml", xml)
    return buffer.getvalue()


@settings(settings.get_profile(PROFILE))
@given(mutated(APPLE, max_ops=8))
def test_apple_xml(data):
    in_file(data, "export.xml", lambda p: wearable_import(p, "apple"))
    in_file(data, "export.xml", lambda p: wearable_import(p, "auto"))


@settings(settings.get_profile(PROFILE))
@given(mutated(APPLE, max_ops=4))
def test_apple_zip_of_mutated_xml(data):
    in_file(_zipped(data), "export.zip", lambda p: wearable_import(p, "apple"))


ZIP = _zipped(APPLE)


@settings(settings.get_profile(PROFILE))
@given(mutated(ZIP, max_ops=4))
def test_apple_mutated_zip_bytes(data):
    in_file(data, "export.zip", lambda p: wearable_import(p, "apple"))
    in_file(data, "export.zip", lambda p: wearable_import(p, "auto"))


@needs_shared
@settings(settings.get_profile(PROFILE))
@given(st.sampled_from(FIT_FILES).flatmap(lambda f: mutated(f.read_bytes(), max_ops=4)))
def test_garmin_fit(data):
    in_file(data, "activity.fit", lambda p: check(lambda: read_fit(p), (SignalFormatError,)))
    in_file(data, "activity.fit", lambda p: wearable_import(p, "fit"))
    in_file(data, "activity.fit", lambda p: beat_analysis(p, "fit"))


def _wfdb_head(n_bytes: int) -> bytes:
    return (NSR / "nsr001.ecg").read_bytes()[:n_bytes]


@needs_shared
@settings(settings.get_profile(PROFILE))
@given(
    mutated(_wfdb_head(4096) if FIT_FILES else b"", max_ops=4),
    mutated((NSR / "nsr001.hea").read_bytes() if FIT_FILES else b"", max_ops=2) | st.none(),
)
def test_wfdb_annotations_and_header(ann, header):
    with tempfile.TemporaryDirectory() as folder:
        rec = Path(folder) / "nsr001"
        Path(f"{rec}.ecg").write_bytes(ann)
        if header is not None:
            Path(f"{rec}.hea").write_bytes(header)
        beat_analysis(rec, "wfdb", annotation="ecg")


@settings(settings.get_profile(PROFILE))
@given(
    st.binary(max_size=2048),
    st.sampled_from(["upload", "export.xml", "x.zip", "a.fit", "rr.txt", "2024-03-02 06-55-40.txt"]),
)
def test_random_bytes_through_sniffing(data, name):
    in_file(data, name, lambda p: wearable_import(p, "auto"))
    in_file(data, name, lambda p: check(lambda: read_beats(p), (SignalFormatError,)))
