"""Benchmark of the model's cohort engine (run by hand, never in CI).

(a) Baseline: the same slow model integrated patient by patient with
    ``scipy.integrate.solve_ivp`` (RK45, deterministic drift only: no process noise,
    expected nightly sleep deficit, no events) versus the engine (full stochastic model) on
    1,000 patients x 365 days. The baseline is timed on a sample of ``--baseline-sample``
    patients and scaled linearly to 1,000 (stated in the output); ``--baseline-sample 1000``
    times all of them. The engine is warmed up first (JIT compile or cache load).
(b) Throughput: patient-days per second for ``--big-n`` (default 100,000) patients x 365 days
    through ``run_cohort`` (chunks of ``--chunk``, default the engine's; no Parquet) and the
    peak resident memory of the process. Every engine runs in a fresh child process, so each
    peak (``ru_maxrss``, which only grows) is its own; the engine under test is warmed up on
    a tiny cohort before the timing starts, and its JIT compile time is measured separately
    in another child with an empty numba cache (``b_jit_compile_s``: a first run on a new
    machine; ``b_warmup_s``: the first call with the cache this checkout has).
    ``--before-n N`` also times the frozen pre-optimisation NumPy integrator
    (``benchmarks/model_engine_before.py``, one thread, chunks of 20,000 as then) on N
    patients x 365 days (default: none; ``--before-n`` equal to ``--big-n`` compares the same
    cohort; a smaller N compares rates, patient-days per second, which the output says).
    ``--inlined-n N`` likewise times the inlined NumPy engine the numba kernel replaced
    (``slow.py`` at ``--inlined-rev``, read with ``git show``; its own thread pool).
    Wall-clock rates depend on what else runs on the machine; the CPU-second rates
    (``*_per_cpu_s``, all threads) are less sensitive, and the 1-minute load average is
    reported with each run.

Usage: ``.venv/bin/python benchmarks/model_cohort.py [--skip-a] [--big-n 100000]
[--before-n 100000] [--inlined-n 100000] [--threads 2]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

from painscope.model import slow
from painscope.model.cohort import DEFAULT_CHUNK, run_cohort

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from model_engine_before import integrate_before  # noqa: E402

DAYS = 365
SCENARIO = {"profile": "fibromyalgia", "cohort": {"n": 1000}, "days": DAYS, "seed": 7}
#: The commit whose ``slow.py`` holds the inlined NumPy engine the numba kernel replaced.
INLINED_REV = "ec9bd18"


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


def _warm_up() -> float:
    """First call of the engine on a tiny cohort (JIT compile or numba cache load), seconds."""
    t0 = time.perf_counter()
    run_cohort({**SCENARIO, "cohort": {"n": 300}, "days": 2})
    return time.perf_counter() - t0


def _inlined_integrate(rev: str):
    """``integrate`` of ``painscope/model/slow.py`` at git revision ``rev`` (module in memory)."""
    src = subprocess.run(["git", "show", f"{rev}:painscope/model/slow.py"], cwd=HERE.parent, check=True,
                         capture_output=True, text=True).stdout
    mod = types.ModuleType(f"slow_{rev}")
    mod.__file__ = f"<git {rev}:painscope/model/slow.py>"
    sys.modules[mod.__name__] = mod  # dataclasses look their module up
    exec(compile(src, mod.__file__, "exec"), mod.__dict__)
    return mod.integrate


def child(engine: str, n: int, chunk: int, threads: int | None, rev: str) -> dict:
    """Run one engine on ``n`` patients x 365 days in this (fresh) process."""
    if threads:
        os.environ["PAINSCOPE_MODEL_THREADS"] = str(threads)
    doc: dict = {"engine": engine, "patients": n, "days": DAYS, "chunk": chunk}
    if engine == "before":
        slow.integrate = lambda *a, **k: integrate_before(*a, **{q: v for q, v in k.items() if q != "threads"})
        doc["threads"] = 1
    elif engine == "inlined":
        slow.integrate = _inlined_integrate(rev)
        doc["threads"] = slow.integration_threads()
        doc["rev"] = rev
        doc["warmup_s"] = round(_warm_up(), 2)
    elif engine == "compile":
        return {"jit_compile_s": round(_warm_up(), 2)}
    else:
        doc["threads"] = slow.integration_threads()
        doc["warmup_s"] = round(_warm_up(), 2)
    t0, c0 = time.perf_counter(), time.process_time()
    run_cohort({**SCENARIO, "cohort": {"n": n}}, chunk_size=chunk)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    doc.update({
        "seconds": round(wall, 1),
        "patient_days_per_s": round(n * DAYS / wall),
        # CPU seconds of all threads: the cost per patient-day, less sensitive than wall time
        # to other jobs on a shared machine
        "patient_days_per_cpu_s": round(n * DAYS / cpu),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),  # Linux: KiB
    })
    return doc


def _run_child(args: argparse.Namespace, engine: str, n: int, chunk: int, env: dict | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", engine, "--big-n", str(n), "--chunk", str(chunk),
           "--inlined-rev", args.inlined_rev]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env={**os.environ, **(env or {})})
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-sample", type=int, default=20)
    ap.add_argument("--big-n", type=int, default=100_000)
    ap.add_argument("--before-n", type=int, default=0, help="also time the pre-optimisation NumPy integrator on N patients")
    ap.add_argument("--inlined-n", type=int, default=0, help="also time the inlined NumPy engine (--inlined-rev) on N patients")
    ap.add_argument("--inlined-rev", default=INLINED_REV)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--skip-a", action="store_true", help="throughput (b) only")
    ap.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="patients per chunk for (b) (default: the engine's)")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        json.dump(child(args.child, args.big_n, args.chunk, args.threads, args.inlined_rev), sys.stdout)
        return 0

    doc: dict = {}
    with tempfile.TemporaryDirectory() as empty_cache:
        doc["b_jit_compile_s"] = _run_child(args, "compile", 1, DEFAULT_CHUNK, {"NUMBA_CACHE_DIR": empty_cache})["jit_compile_s"]
    runs = {"before": args.before_n, "inlined": args.inlined_n}
    for engine, n in runs.items():
        if n:
            r = _run_child(args, engine, n, 20_000 if engine == "before" else args.chunk)
            doc.update({f"b_{engine}_{k}": v for k, v in r.items() if k != "engine"})
    r = _run_child(args, "current", args.big_n, args.chunk)
    doc.update({f"b_{k}": v for k, v in r.items() if k != "engine"})
    for engine, n in runs.items():
        if n:
            doc[f"b_speedup_vs_{engine}_wall"] = round(doc["b_patient_days_per_s"] / doc[f"b_{engine}_patient_days_per_s"], 2)
            doc[f"b_speedup_vs_{engine}_cpu"] = round(doc["b_patient_days_per_cpu_s"] / doc[f"b_{engine}_patient_days_per_cpu_s"], 2)
            if n != args.big_n:
                doc[f"b_{engine}_note"] = (f"measured on {n} patients x {DAYS} days against {args.big_n} for the current "
                                           "engine: the ratio compares rates (patient-days per second), nothing is extrapolated")
    if not args.skip_a:
        doc.update(part_a(args))
    json.dump(doc, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def part_a(args: argparse.Namespace) -> dict:
    """solve_ivp per patient against the engine on 1,000 patients."""
    pat = slow.make_patients("fibromyalgia", n=args.baseline_sample, seed=7)
    x = slow.default_state(pat)
    slow.settle(pat, x)
    t0 = time.perf_counter()
    for i in range(args.baseline_sample):
        baseline_one(_patient(pat, i), {k: v[i : i + 1] for k, v in x.items()})
    per_patient = (time.perf_counter() - t0) / args.baseline_sample
    baseline_1000 = per_patient * 1000

    _warm_up()
    t0 = time.perf_counter()
    run_cohort(SCENARIO)
    engine_1000 = time.perf_counter() - t0

    return {
        "a_baseline_solve_ivp_s_per_patient": round(per_patient, 3),
        "a_baseline_sample_patients": args.baseline_sample,
        "a_baseline_solve_ivp_1000_patients_s_scaled": round(baseline_1000, 1),
        "a_engine_1000_patients_s": round(engine_1000, 2),
        "a_speed_ratio": round(baseline_1000 / engine_1000, 1),
    }


if __name__ == "__main__":
    raise SystemExit(main())
