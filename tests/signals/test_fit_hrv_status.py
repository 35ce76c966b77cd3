"""Garmin ``hrv_status_summary`` (message 370) → device nightly RMSSD, on a minimal FIT file.

No public FIT file with HRV-status messages is in the reference data, so the test writes a
minimal valid FIT file (14-byte header, one definition and one data message, FIT CRC) with the
field numbers and scale (128 → ms) of the FIT profile as shipped in fitdecode.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

import pytest

from painscope.signals.fit import read_fit
from painscope.signals.wearable import read_wearable

_CRC = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
        0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]  # fmt: skip
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)


def _crc(data: bytes, crc: int = 0) -> int:
    for byte in data:
        tmp = _CRC[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC[byte & 0xF]
        tmp = _CRC[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC[(byte >> 4) & 0xF]
    return crc


def _fit_with_hrv_status(when: datetime, weekly_ms: float, night_ms: float, status: int) -> bytes:
    fields = [(253, 4, 0x86), (0, 2, 0x84), (1, 2, 0x84), (6, 1, 0x00)]
    definition = struct.pack("<BBBHB", 0x40, 0, 0, 370, len(fields)) + b"".join(
        struct.pack("<BBB", *f) for f in fields
    )
    ts = int((when - FIT_EPOCH).total_seconds())
    data = struct.pack("<BIHHB", 0x00, ts, round(weekly_ms * 128), round(night_ms * 128), status)
    body = definition + data
    header = struct.pack("<BBHI4s", 14, 0x20, 2100, len(body), b".FIT")
    header += struct.pack("<H", _crc(header))
    return header + body + struct.pack("<H", _crc(header + body))


def test_hrv_status_summary_becomes_nightly_rmssd(tmp_path):
    p = tmp_path / "wellness.fit"
    p.write_bytes(_fit_with_hrv_status(datetime(2024, 3, 2, 6, 30, tzinfo=UTC), 45.5, 41.25, 4))
    contents = read_fit(p)
    assert contents.rr is None and contents.hrv_messages == 0
    assert contents.hrv_status[0]["last_night_average"] == pytest.approx(41.25)
    r = read_wearable(p)
    assert r.format == "fit"
    row = r.daily.iloc[0]
    assert (row.timestamp, row["name"], row.value, row.unit) == (
        "2024-03-02T00:00:00+00:00",
        "hrv_rmssd_night",
        41.25,
        "ms",
    )
    assert "balanced" in row.note
