"""Benchmark: painscope time-domain HRV vs NeuroKit2 ``hrv_time`` on a 24-hour RR series.

Run by hand (never in CI):

    .venv/bin/python benchmarks/signals_hrv_time.py [--repeat 5] [--synthetic]

The series is PhysioNet nsr2db ``nsr001`` (~106,000 intervals, 22.6 h) from ``../shared/data``
when present, otherwise a synthetic 24-h series of ~100,000 beats. Both libraries get the same
NN intervals (ms, after the physiological-limit rejection). Reported: wall time of each (best
of ``--repeat``), the ratio NeuroKit2 / painscope, and the two libraries' RMSSD/SDNN/pNN50 to
show they compute the same thing. NeuroKit2 is the optional extra ``research``; if it is not
installed the script says so and times painscope alone. Also timed: painscope's 2,800
overlapping 300-s/30-s windows over the same day.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from painscope.signals.hrv import time_domain, window_bounds, window_metrics
from painscope.signals.series import RRSeries

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "hrv" / "physionet-nsr2db"


def series_24h(synthetic: bool) -> tuple[np.ndarray, str]:
    if not synthetic and (SHARED / "nsr001.ecg").is_file():
        from painscope.signals.artifacts import clean
        from painscope.signals.wfdb_io import read_wfdb

        s, _ = clean(read_wfdb(SHARED / "nsr001", "ecg"), correct=False)
        nn = s.rr_ms[s.normal]
        return nn, f"nsr001 ({nn.size} NN)"
    rng = np.random.default_rng(42)
    t, out = 0.0, []
    while t < 86_400:
        hr_trend = 850 + 150 * np.sin(2 * np.pi * t / 86_400)
        v = hr_trend + 30 * np.sin(2 * np.pi * 0.25 * t) + rng.normal(0, 15)
        out.append(v)
        t += v / 1000
    nn = np.asarray(out)
    return nn, f"synthetic ({nn.size} NN)"


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--synthetic", action="store_true", help="ignore the shared nsr001 record")
    args = ap.parse_args()
    nn, label = series_24h(args.synthetic)
    print(f"series: {label}, {nn.sum() / 3.6e6:.1f} h")

    ours = time_domain(nn)
    t_ours = best_of(lambda: time_domain(nn), args.repeat)
    s = RRSeries.from_intervals(nn)
    starts = window_bounds(s.duration_s, 300, 30)
    t_win = best_of(lambda: window_metrics(s, starts, starts + 300), args.repeat)
    print(f"painscope time_domain: {t_ours * 1000:.2f} ms")
    print(f"painscope {starts.size} windows (300 s, step 30 s): {t_win * 1000:.2f} ms")

    try:
        import warnings

        import neurokit2 as nk
    except ImportError:
        print("NeuroKit2 is not installed (optional extra 'research'): no comparison")
        return
    peaks = nk.intervals_to_peaks(nn, sampling_rate=1000)

    def run_nk():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nk.hrv_time(peaks, sampling_rate=1000, show=False)

    try:
        res = run_nk()
    except Exception as exc:  # report, do not hide, an incompatibility
        print(f"NeuroKit2 {nk.__version__} failed on this environment: {type(exc).__name__}: {exc}")
        return
    t_nk = best_of(run_nk, args.repeat)
    print(f"NeuroKit2 {nk.__version__} hrv_time: {t_nk * 1000:.2f} ms")
    print(f"ratio NeuroKit2 / painscope: {t_nk / t_ours:.1f}x")
    for ours_key, nk_key in (
        ("rmssd_ms", "HRV_RMSSD"),
        ("sdnn_ms", "HRV_SDNN"),
        ("pnn50_pct", "HRV_pNN50"),
    ):
        print(
            f"  {ours_key:<10} painscope {ours[ours_key]:.4f}  NeuroKit2 {float(res[nk_key].iloc[0]):.4f}"
        )
    rounded = time_domain(np.diff(peaks))["rmssd_ms"]
    print(
        f"  painscope on NeuroKit2's whole-ms peaks: RMSSD {rounded:.4f} (the RMSSD gap is "
        "intervals_to_peaks rounding 128-Hz intervals to whole samples)"
    )
    print("  (pNN50: painscope divides by the N-1 pairs, NeuroKit2 by N intervals)")


if __name__ == "__main__":
    main()
