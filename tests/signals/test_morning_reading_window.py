"""Only a reading started 04:00–11:00 local time is a morning reading; others are spot readings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from painscope.signals.provenance import decide, parse, tag
from painscope.signals.wearable import read_wearable

READING = Path(__file__).parent / "fixtures" / "2024-03-02 06-55-40.txt"


@pytest.mark.parametrize(
    ("hhmmss", "names"),
    [
        ("04-00-00", ["hrv_lnrmssd_morning", "hrv_rmssd_morning"]),
        ("10-59-00", ["hrv_lnrmssd_morning", "hrv_rmssd_morning"]),
        ("11-00-00", ["hrv_rmssd_spot"]),
        ("19-30-00", ["hrv_rmssd_spot"]),
        ("03-59-00", ["hrv_rmssd_spot"]),
    ],
)
def test_reading_name_depends_on_its_local_start(tmp_path, hhmmss, names):
    p = tmp_path / f"2024-03-02 {hhmmss}.txt"
    shutil.copy(READING, p)
    r = read_wearable(p, tz="UTC")
    assert sorted(r.daily["name"]) == names
    assert all(parse(n).reading == f"{hhmmss[:2]}:{hhmmss[3:5]}" for n in r.daily["note"])
    assert ("outside the morning window" in " ".join(r.warnings)) == (names == ["hrv_rmssd_spot"])


def test_every_imported_row_names_its_source():
    r = read_wearable(Path(__file__).parent / "fixtures" / "physiological_cycles.csv")
    assert {parse(n).source for n in r.daily["note"]} == {"whoop"}


def test_conflict_rule():
    whoop, oura = tag("whoop", "x"), tag("oura", "y")
    assert decide(None, whoop, exists=False) == (True, None)
    assert decide(whoop, whoop) == (True, None)
    assert decide(whoop, oura)[0] is False
    assert decide("typed by hand", oura)[0] is False
    early, late = tag("polar", "a", "06:10"), tag("elitehrv", "b", "07:45")
    assert decide(early, late)[0] is False
    assert decide(late, early)[0] is True
