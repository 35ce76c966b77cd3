"""Benchmark of the model's cohort engine (run by hand, never in CI).

(a) Baseline: the same slow model integrated patient by patient with
    ``scipy.integrate.solve_ivp`` (RK45, deterministic drift only: no process noise,
    expected nightly sleep deficit, no events) versus the vectorised Euler-Maruyama engine
    (full stochastic model) on 1,000 patients x 365 days. The baseline is timed on a
    sample of ``--baseline-sample`` patients and scaled linearly to 1,000 (stated in the
    output); ``--baseline-sample 1000`` times all of them.
(b) Throughput: patient-days per second for 100,000 patients x 365 days through
    ``run_cohort`` (chunks of ``--chunk``, default the engine's 50,000; no Parquet), and peak resident memory
    (``resource.getrusage``) of the process. With ``--before-n N`` the same scenario is
    first run on N patients through the integrator as it was before the throughput work
    (``benchmarks/model_engine_before.py``, one thread, chunks of 20,000 as then), so before/after are measured in the
    same run; peak memory of that run is sampled separately (``ru_maxrss`` only grows, so
    the "before" run comes first and its peak is read before the current engine runs).
    ``--threads`` sets the current engine's thread count (default: all cores).

Usage: ``.venv/bin/python benchmarks/model_cohort.py [--baseline-sample 20] [--big-n 100000]
[--before-n 100000] [--skip-a]``
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

from painscope.model import slow
from painscope.model.cohort import DEFAULT_CHUNK, run_cohort

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from model_engine_before import integrate_before

DAYS = 365


def _patient(pat: slow.Patients, i: int) -> dict:
    return {k: (float(v[i]) if isinstance(v, np.ndarray) else v) for k, v in pat.p.items()}


def baseline_one(p: dict, x0: dict) -> None:
    names = list(slow.STATES)
    eff = slow.combine_effects({})

    def rhs(t: float, v: np.ndarray) -> np.ndarray:
        x = {k: np.array([v[j]]) for j, k in enumerate(names)}
        hour = (t % 1.0) * 24.0
        c, y, pain = slow.instant_pain(p, x, eff, injury=0.0, hour=hour)
        delta = slow.expected_deficit(p, slow.sleep_hours_mean(p, pain, x["H"], eff))
        tg = slow.targets(p, x, eff, injury=0.0, stress=np.nan, delta=delta, c=c, y=y, pain=pain)
        return np.array([float(((tg[k][0] - x[k]) / tg[k][1])[0]) for k in names])

    v0 = np.array([float(x0[k][0]) for k in names])
    solve_ivp(rhs, (0.0, DAYS), v0, method="RK45", max_step=0.25, rtol=1e-4, atol=1e-6)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-sample", type=int, default=20)
    ap.add_argument("--big-n", type=int, default=100_000)
    ap.add_argument("--before-n", type=int, default=0, help="also time the pre-optimisation engine on N patients")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--skip-a", action="store_true", help="throughput (b) only")
    ap.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="patients per chunk for (b) (default: the engine's)")
    args = ap.parse_args()
    sc = {"profile": "fibromyalgia", "cohort": {"n": 1000}, "days": DAYS, "seed": 7}
    doc: dict = {}
    if args.before_n:
        current = slow.integrate
        slow.integrate = lambda *a, **k: integrate_before(*a, **{q: v for q, v in k.items() if q != "threads"})
        try:
            t0, c0 = time.perf_counter(), time.process_time()
            run_cohort({**sc, "cohort": {"n": args.before_n}}, chunk_size=20_000)
            before_s, before_cpu = time.perf_counter() - t0, time.process_time() - c0
        finally:
            slow.integrate = current
        doc["b_before_patients"] = args.before_n
        doc["b_before_seconds"] = round(before_s, 1)
        doc["b_before_patient_days_per_s"] = round(args.before_n * DAYS / before_s)
        doc["b_before_patient_days_per_cpu_s"] = round(args.before_n * DAYS / before_cpu)
        doc["b_before_load_average_1min"] = round(__import__("os").getloadavg()[0], 2)
        doc["b_before_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
    if args.threads:
        import os

        os.environ["PAINSCOPE_MODEL_THREADS"] = str(args.threads)
    if not args.skip_a:
        doc.update(part_a(args, sc))

    big = {**sc, "cohort": {"n": args.big_n}}
    t0, c0 = time.perf_counter(), time.process_time()
    run_cohort(big, chunk_size=args.chunk)
    big_s, big_cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB

    doc.update({
        "b_patients": args.big_n,
        "b_days": DAYS,
        "b_chunk": args.chunk,
        "b_threads": slow.integration_threads(),
        "b_seconds": round(big_s, 1),
        "b_patient_days_per_s": round(args.big_n * DAYS / big_s),
        # CPU seconds of all threads: the cost per patient-day, less sensitive than wall time
        # to other jobs on a shared machine
        "b_patient_days_per_cpu_s": round(args.big_n * DAYS / big_cpu),
        "b_load_average_1min": round(__import__("os").getloadavg()[0], 2),
        "b_peak_rss_mb": round(peak_mb, 1),
    })
    if args.before_n:
        doc["b_speedup_vs_before_wall"] = round(doc["b_patient_days_per_s"] / doc["b_before_patient_days_per_s"], 2)
        doc["b_speedup_vs_before_cpu"] = round(doc["b_patient_days_per_cpu_s"] / doc["b_before_patient_days_per_cpu_s"], 2)
    json.dump(doc, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def part_a(args: argparse.Namespace, sc: dict) -> dict:
    """solve_ivp per patient against the vectorised engine on 1,000 patients."""
    pat = slow.make_patients("fibromyalgia", n=args.baseline_sample, seed=7)
    x = slow.default_state(pat)
    slow.settle(pat, x)
    t0 = time.perf_counter()
    for i in range(args.baseline_sample):
        baseline_one(_patient(pat, i), {k: v[i : i + 1] for k, v in x.items()})
    per_patient = (time.perf_counter() - t0) / args.baseline_sample
    baseline_1000 = per_patient * 1000

    t0 = time.perf_counter()
    run_cohort(sc)
    engine_1000 = time.perf_counter() - t0

    return {
        "a_baseline_solve_ivp_s_per_patient": round(per_patient, 3),
        "a_baseline_sample_patients": args.baseline_sample,
        "a_baseline_solve_ivp_1000_patients_s_scaled": round(baseline_1000, 1),
        "a_vectorised_engine_1000_patients_s": round(engine_1000, 2),
        "a_speed_ratio": round(baseline_1000 / engine_1000, 1),
    }


if __name__ == "__main__":
    raise SystemExit(main())
