"""Garmin FIT ``hrv`` messages → RR intervals (HRV.md §4.3; counts from the data README)."""

from __future__ import annotations

import pytest

from painscope.signals.errors import SignalFormatError
from painscope.signals.fit import read_fit


@pytest.mark.parametrize(
    ("name", "messages", "count", "first"),
    [
        ("garmin-fenix-5-run", 71, 113, [1093, 1165, 1063, 983]),
        ("garmin-edge-820-bike", 66, 126, [594, 588, 588, 588]),
        ("garmin-fenix-5-walk", 49, 62, [824, 834, 859, 908]),
    ],
)
def test_rr_counts_match_the_published_counts(shared_data, name, messages, count, first):
    contents = read_fit(shared_data / "fit" / f"{name}.fit")
    assert contents.hrv_messages == messages
    assert len(contents.rr) == count
    assert contents.rr.rr_ms[:4].tolist() == pytest.approx(first)
    assert contents.start is not None and contents.start.tzinfo is not None


def test_truncated_fit_file_is_an_error_naming_the_file(shared_data, tmp_path):
    data = (shared_data / "fit" / "garmin-fenix-5-walk.fit").read_bytes()
    bad = tmp_path / "cut.fit"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(SignalFormatError, match=r"cut\.fit, record \d+: not a readable FIT file") as err:
        read_fit(bad)
    assert "line" not in str(err.value)  # a binary file has records, not lines


def test_corrupted_fit_file_fails_its_crc(shared_data, tmp_path):
    data = bytearray((shared_data / "fit" / "garmin-fenix-5-walk.fit").read_bytes())
    data[2000] ^= 0xFF
    bad = tmp_path / "flipped.fit"
    bad.write_bytes(bytes(data))
    with pytest.raises(SignalFormatError, match=r"flipped\.fit"):
        read_fit(bad)


def test_text_file_is_not_fit(tmp_path):
    p = tmp_path / "notes.fit"
    p.write_text("hello")
    with pytest.raises(SignalFormatError, match="not a readable FIT file"):
        read_fit(p)
