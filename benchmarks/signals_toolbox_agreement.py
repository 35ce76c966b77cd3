"""Validation figures for docs/hrv.md: agreement with the PhysioNet toolbox's own windows.

Run by hand:  .venv/bin/python benchmarks/signals_toolbox_agreement.py

For nsr001/004/009 (first 2 h, 300-s windows every 30 s, 231 windows each) prints the share of
windows within 5 % of the toolbox for mean NN, SDNN and RMSSD, and within 20 % for Lomb LF/HF,
under four readings: the header's 128 Hz or the toolbox's 125 Hz, each with physiological limits
only or with Lipponen–Tarvainen correction. Then the ultra-short check (HRV.md §6.5): 60-s
lnRMSSD against the enclosing 5-min window over the whole 24 h (Bland–Altman bias and 95 %
limits of agreement).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from painscope.signals.artifacts import clean
from painscope.signals.frequency import lomb_bands
from painscope.signals.hrv import window_bounds, window_metrics
from painscope.signals.wfdb_io import read_wfdb

NSR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "hrv" / "physionet-nsr2db"
RECORDS = ("nsr001", "nsr004", "nsr009")


def main() -> None:
    ref_all = pd.read_csv(NSR / "reference_hrv_allwindows.csv")
    print("share of the 231 windows within 5 % (meanNN / SDNN / RMSSD); LF/HF within 20 %")
    for fs in (None, 125):
        for correct in (False, True):
            label = f"fs {'128 (header)' if fs is None else '125 (toolbox)'}, {'L&T' if correct else 'limits only'}"
            for rec in RECORDS:
                ref = ref_all[ref_all.patID == rec]
                s, _ = clean(read_wfdb(NSR / rec, "ecg", sampling_rate=fs), correct=correct)
                m = window_metrics(s, ref.t_start.to_numpy(), ref.t_end.to_numpy())
                share = {
                    k: np.mean(np.abs(m[k] / ref[r].to_numpy() - 1) <= 0.05)
                    for k, r in (
                        ("mean_nn_ms", "NNmean"),
                        ("sdnn_ms", "SDNN"),
                        ("rmssd_ms", "RMSSD"),
                    )
                }
                extra = ""
                if fs == 125 and not correct:
                    lfhf = np.array(
                        [
                            lomb_bands(s, a, b)["lf_hf"]
                            for a, b in zip(ref.t_start, ref.t_end, strict=True)
                        ]
                    )
                    extra = f"  LF/HF {np.mean(np.abs(lfhf / ref.lfhf.to_numpy() - 1) <= 0.2):.1%}"
                print(
                    f"  {label:<28} {rec}: {share['mean_nn_ms']:.1%} / {share['sdnn_ms']:.1%} / "
                    f"{share['rmssd_ms']:.1%}{extra}"
                )
    print("ultra-short: 60-s lnRMSSD minus the enclosing 5-min lnRMSSD (first minute of each)")
    diffs = []
    for rec in RECORDS:
        s, _ = clean(read_wfdb(NSR / rec, "ecg"), correct=False)
        st = window_bounds(s.duration_s, 300, 300)
        five, one = window_metrics(s, st, st + 300), window_metrics(s, st, st + 60)
        ok = (
            np.isfinite(five["ln_rmssd"])
            & np.isfinite(one["ln_rmssd"])
            & (one["nn_duration_s"] >= 50)
        )
        d = one["ln_rmssd"][ok] - five["ln_rmssd"][ok]
        diffs.append(d)
        print(
            f"  {rec}: n {d.size}, bias {d.mean():+.3f}, LoA {d.mean() - 1.96 * d.std(ddof=1):+.3f} .. {d.mean() + 1.96 * d.std(ddof=1):+.3f}"
        )
    d = np.concatenate(diffs)
    print(
        f"  all: n {d.size}, bias {d.mean():+.3f}, LoA {d.mean() - 1.96 * d.std(ddof=1):+.3f} .. {d.mean() + 1.96 * d.std(ddof=1):+.3f}"
    )


if __name__ == "__main__":
    main()
