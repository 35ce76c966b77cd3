"""Benchmark: streaming import of a synthetic Apple Health export — MB/s and peak memory.

Run by hand (never in CI):

    .venv/bin/python benchmarks/signals_apple_import.py --mb 200          # quick
    .venv/bin/python benchmarks/signals_apple_import.py --mb 1000         # ~1 GB, the goal size

Generates ``export.xml`` of about ``--mb`` megabytes (Apple's DTD header; per day: heart-rate
samples every 5 min — the bulk of real exports — steps from an iPhone and a Watch, four HRV
SDNN records with ~60 instantaneous-bpm beats each, resting HR and sleep stages), then, each in
a fresh process so that peak RSS is that import's own:

* painscope ``read_apple_health`` (defusedxml iterparse, element clearing);
* ``healthkit-to-sqlite --xml`` (dogsheep, Apache-2.0) on the same file, when installed, as the
  baseline measured in the same run.

Goal (issue 5): painscope's peak RSS under 300 MB whatever the size. Results go to stdout;
the file is written to ``--dir`` (default: a temporary folder, deleted afterwards).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate value CDATA #REQUIRED>
<!ELEMENT Me EMPTY>
<!ATTLIST Me HKCharacteristicTypeIdentifierDateOfBirth CDATA #REQUIRED>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED sourceName CDATA #REQUIRED sourceVersion CDATA #IMPLIED device CDATA #IMPLIED creationDate CDATA #IMPLIED startDate CDATA #REQUIRED endDate CDATA #REQUIRED>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry key CDATA #REQUIRED value CDATA #REQUIRED>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute bpm CDATA #REQUIRED time CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-01-01 08:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth=""/>
"""

WATCH = "Anna’s Apple Watch"
PHONE = "Anna’s iPhone"


def _rec(kind, source, unit, start, end, value, inner=""):
    attrs = (
        f'type="{kind}" sourceName="{source}" sourceVersion="10.2" unit="{unit}" '
        f'creationDate="{end}" startDate="{start}" endDate="{end}" value="{value}"'
    )
    if inner:
        return f" <Record {attrs}>\n{inner} </Record>\n"
    return f" <Record {attrs}/>\n"


def day_block(d: date, i: int) -> str:
    z = "+0100"
    ds = d.isoformat()
    parts = []
    for k in range(288):  # heart rate every 5 min
        hh, mm = divmod(k * 5, 60)
        t = f"{ds} {hh:02d}:{mm:02d}:00 {z}"
        parts.append(
            _rec(
                "HKQuantityTypeIdentifierHeartRate", WATCH, "count/min", t, t, 60 + (k * 7 + i) % 30
            )
        )
    for k in range(48):  # steps, half-hourly, both devices
        hh, mm = divmod(k * 30, 60)
        a, b = f"{ds} {hh:02d}:{mm:02d}:00 {z}", f"{ds} {hh:02d}:{mm:02d}:59 {z}"
        n = (k * 37 + i) % 400
        parts.append(_rec("HKQuantityTypeIdentifierStepCount", PHONE, "count", a, b, n))
        parts.append(_rec("HKQuantityTypeIdentifierStepCount", WATCH, "count", a, b, n + 5))
    for h in (3, 9, 15, 21):  # HRV with beats
        t0 = f"{ds} {h:02d}:10:00 {z}"
        t1 = f"{ds} {h:02d}:11:00 {z}"
        beats = "".join(
            f'   <InstantaneousBeatsPerMinute bpm="{62 + b % 5}" time="{h % 12 or 12}:10:{b:02d}.{(b * 37) % 100:02d} {"AM" if h < 12 else "PM"}"/>\n'
            for b in range(58)
        )
        parts.append(
            _rec(
                "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
                WATCH,
                "ms",
                t0,
                t1,
                30 + (i + h) % 40,
                f"  <HeartRateVariabilityMetadataList>\n{beats}  </HeartRateVariabilityMetadataList>\n",
            )
        )
    parts.append(
        _rec(
            "HKQuantityTypeIdentifierRestingHeartRate",
            WATCH,
            "count/min",
            f"{ds} 00:01:00 {z}",
            f"{ds} 23:50:00 {z}",
            55 + i % 8,
        )
    )
    prev = (d - timedelta(days=1)).isoformat()
    for a, b, v in (
        (f"{prev} 23:20:00", f"{ds} 01:30:00", "AsleepCore"),
        (f"{ds} 01:30:00", f"{ds} 02:30:00", "AsleepDeep"),
        (f"{ds} 02:30:00", f"{ds} 02:40:00", "Awake"),
        (f"{ds} 02:40:00", f"{ds} 06:45:00", "AsleepREM"),
    ):
        parts.append(
            f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="{WATCH}" sourceVersion="10.2" '
            f'creationDate="{ds} 07:00:00 {z}" startDate="{a} {z}" endDate="{b} {z}" value="HKCategoryValueSleepAnalysis{v}"/>\n'
        )
    return "".join(parts)


def generate(path: Path, mb: float) -> int:
    target = int(mb * 1e6)
    written = 0
    d = date(2015, 1, 1)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        i = 0
        while written < target:
            block = day_block(d, i)
            fh.write(block)
            written += len(block.encode("utf-8"))
            d += timedelta(days=1)
            i += 1
        fh.write("</HealthData>\n")
    return i


OURS = """
import resource, sys, time
from painscope.signals.apple import read_apple_health
t0 = time.perf_counter()
res = read_apple_health(sys.argv[1])
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{dt} {rss} {len(res.rows)} {res.counts['records']} {0 if res.rr is None else len(res.rr)}")
"""

THEIRS = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
from healthkit_to_sqlite.cli import cli
try:
    cli.main(["--xml", "--silent", sys.argv[1], sys.argv[2]], standalone_mode=False)
except SystemExit:
    pass
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{dt} {rss}")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="approximate export size (default 100)")
    ap.add_argument("--dir", type=Path, help="where to write export.xml (kept)")
    ap.add_argument("--skip-baseline", action="store_true")
    args = ap.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="painscope-apple-"))
    work.mkdir(parents=True, exist_ok=True)
    xml = work / "export.xml"
    try:
        t0 = time.perf_counter()
        days = generate(xml, args.mb)
        size_mb = xml.stat().st_size / 1e6
        print(
            f"generated {size_mb:.0f} MB ({days} days) in {time.perf_counter() - t0:.0f} s: {xml}"
        )

        out = subprocess.run(
            [sys.executable, "-c", OURS, str(xml)], capture_output=True, text=True, check=True
        )
        dt, rss, rows, records, beats = out.stdout.split()
        ours_dt = float(dt)
        print(
            f"painscope read_apple_health: {ours_dt:.1f} s, {size_mb / ours_dt:.1f} MB/s, "
            f"peak RSS {float(rss):.0f} MB, {records} records -> {rows} daily rows, {beats} beat intervals"
        )
        if args.skip_baseline:
            return
        try:
            import healthkit_to_sqlite  # noqa: F401
        except ImportError:
            print("healthkit-to-sqlite is not installed: no baseline")
            return
        db = work / "healthkit.db"
        out = subprocess.run(
            [sys.executable, "-c", THEIRS, str(xml), str(db)], capture_output=True, text=True
        )
        if out.returncode != 0:
            print(f"healthkit-to-sqlite failed: {out.stderr.strip().splitlines()[-1:]}")
            return
        dt, rss = out.stdout.split()[-2:]
        print(
            f"healthkit-to-sqlite --xml: {float(dt):.1f} s, {size_mb / float(dt):.1f} MB/s, "
            f"peak RSS {float(rss):.0f} MB"
        )
        print(f"ratio healthkit-to-sqlite / painscope time: {float(dt) / ours_dt:.2f}x")
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
