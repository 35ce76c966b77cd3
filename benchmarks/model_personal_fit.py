"""Honesty figures of the personal model ("your pain system"), on more diaries than the tests.

    .venv/bin/python benchmarks/model_personal_fit.py [--null 100] [--per-loop 20] [--days 120]

Reports (1) how often the model claims to beat persistence and AR(1) on diaries that are
only autocorrelated noise (false claims; the test bound is 2 in 20), and (2) how often it
names the right loop on diaries made by the model itself with one loop made to dominate
(sleep, stress, pain-worry), with the share that passed the skill gate. Same process, same
seeds every run.
"""

from __future__ import annotations

import argparse
import time

from painscope.model import personal as P

BASE = {"S2": 1.5, "g": 0.12, "z0": 0.3, "d0": 0.5, "a0": 0.4, "k_HP": 0.3, "k_DH": 0.3, "k_AP": 0.3,
        "kappa_Sigma": 1.2, "kappa_A": 1.0, "kappa_H": 0.8, "w_D": 0.15}
TRUTHS = {
    "sleep": {"kappa_Sigma": 3.0, "kappa_H": 0.1, "k_DH": 0.05, "k_AP": 0.05, "kappa_A": 0.3, "k_HP": 0.05},
    "stress": {"kappa_H": 2.5, "k_DH": 0.5, "kappa_Sigma": 0.1, "k_AP": 0.05, "kappa_A": 0.3, "k_HP": 0.05},
    "pain_worry": {"k_AP": 0.9, "kappa_A": 2.5, "a0": 0.1, "kappa_Sigma": 0.1, "kappa_H": 0.1, "k_HP": 0.05},
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--null", type=int, default=100)
    ap.add_argument("--per-loop", type=int, default=20)
    ap.add_argument("--days", type=int, default=120)
    a = ap.parse_args()
    t0 = time.perf_counter()
    claims = 0
    for seed in range(a.null):
        phi = (0.3, 0.5, 0.7, 0.85)[seed % 4]
        claims += P.fit_person(P.ar1_noise_diary(a.days, seed=1000 + seed, phi=phi), n_draws=20).skill.beats_baselines
    print(f"noise diaries: the model claimed to beat both baselines in {claims}/{a.null} "
          f"({100 * claims / a.null:.1f} %)")
    total_hit = total_gate = 0
    for name, over in TRUTHS.items():
        hit = gate = wrong = 0
        for seed in range(a.per_loop):
            r = P.fit_person(P.simulate_diary({**BASE, **over}, a.days, seed=2000 + seed), n_draws=40, seed=seed)
            gate += r.skill.beats_baselines
            hit += r.driver == name
            wrong += r.driver is not None and r.driver != name
        total_hit += hit
        total_gate += gate
        print(f"{name:>10}: right loop {hit}/{a.per_loop}, wrong loop {wrong}, skill gate passed {gate}/{a.per_loop}")
    n = a.per_loop * len(TRUTHS)
    print(f"model-made diaries: driving loop recovered in {total_hit}/{n} ({100 * total_hit / n:.0f} %); "
          f"skill gate passed in {total_gate}/{n}")
    print(f"{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
