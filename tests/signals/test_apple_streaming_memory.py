"""The Apple importer streams: its memory does not grow with the file (element clearing)."""

from __future__ import annotations

import tracemalloc

from painscope.signals.apple import read_apple_health

RECORD = (
    ' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" '
    'creationDate="{d} 10:{m:02d}:00 +0000" startDate="{d} 10:{m:02d}:00 +0000" '
    'endDate="{d} 10:{m:02d}:00 +0000" value="{v}"/>\n'
)


def _export(path, n_records):
    with path.open("w") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n')
        for i in range(n_records):
            fh.write(RECORD.format(d=f"2024-03-{1 + i % 28:02d}", m=i % 60, v=60 + i % 40))
        fh.write("</HealthData>\n")


def _peak(path):
    tracemalloc.start()
    result = read_apple_health(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, result


def test_peak_memory_does_not_grow_with_the_number_of_records(tmp_path):
    small, big = tmp_path / "small.xml", tmp_path / "big.xml"
    _export(small, 5_000)  # ~1 MB
    _export(big, 40_000)  # ~9 MB
    peak_small, _ = _peak(small)
    peak_big, res_big = _peak(big)
    assert res_big.counts["records"] == 40_000 and res_big.rows == []
    # A parser that kept the tree would need several times the file size (9 MB → tens of MB).
    assert peak_big < 2 * peak_small + 1_000_000
    assert peak_big < 5_000_000
