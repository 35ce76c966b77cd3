"""The compiled cohort engine (``kernel.advance_day`` behind ``slow.integrate``) against a plain
NumPy Euler-Maruyama integrator written from the model's readable functions
(:func:`slow.instant_pain`, :func:`slow.targets`, :func:`slow.combine_effects`,
:func:`slow.sleep_hours_mean`, :func:`slow.sleep_deficit`) with the same random draws.

Both compute in float64 with the same operations; they may differ in the last bits of
``exp``/``pow``, so they must agree far below any modelled effect (1e-6 on a 0-10 scale).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from painscope.model import events, slow
from painscope.model.parameters import treatment_spec
from painscope.model.rng import PURPOSE_DYNAMICS, PatientStreams

SEED = 11
START = 512  # not the first patients: the streams are selected by patient index


def reference_integrate(pat: slow.Patients, sch: events.Schedule, *, seed: int, start: int, capture: set[int]) -> dict[str, Any]:
    """Euler-Maruyama from the model's functions, one NumPy call per term, no shortcuts."""
    p, n, dt = pat.p, pat.n, sch.dt
    spd = round(1.0 / dt)
    days = sch.n_steps // spd
    x = slow.default_state(pat)
    slow.settle(pat, x)
    x = {k: np.broadcast_to(v, (n,)).astype(float) for k, v in x.items()}
    spec = treatment_spec()
    names = sorted(sch.treatments)
    levels = {name: np.zeros(n) for name in names}
    eff = slow.combine_effects({})
    _, _, pain = slow.instant_pain(p, x, eff, injury=0.0, hour=p["circ_peak_h"] + 6.0)
    delta = slow.expected_deficit(p, slow.sleep_hours_mean(p, pain, x["H"], eff))
    streams = PatientStreams(seed, start, start + n, PURPOSE_DYNAMICS)
    hours = np.arange(spd) * dt * 24.0
    waking = (hours >= slow.WAKE_H[0]) & (hours < slow.WAKE_H[1])
    night = int(np.flatnonzero(hours >= events.NIGHT_START_H)[0])
    morning = int(np.flatnonzero(hours >= slow.MORNING_H)[0])
    record = int(np.argmin(np.abs(hours - slow.RECORD_H)))
    out = {k: np.zeros((n, days)) for k in ("pain", "pain_true", "hrv", *slow.STATES)}
    captured = {}
    for day in range(days):
        z = streams.normal(2 * spd + 3, dtype=np.float32).astype(float)
        pain_sum = np.zeros(n)
        for j in range(spd):
            k = day * spd + j
            for name in names:
                s = spec[name]
                dose, ed50, ref = sch.treatments[name][k], float(s["ed50"]), float(s["ref_dose"])
                factor = (dose / (dose + ed50)) / (ref / (ref + ed50)) if dose > 0 else 0.0
                target = factor * (pat.mult.get(s["response"], 1.0) if s["response"] else 1.0)
                tau = np.where(target > levels[name], float(s["tau_on"]), float(s["tau_off"]))
                levels[name] = levels[name] + (1.0 - np.exp(-dt / tau)) * (target - levels[name])
            eff = slow.combine_effects(levels)
            inj, ex = sch.injury[k], sch.exercise[k]
            c, y, pain = slow.instant_pain(p, x, eff, injury=inj, hour=hours[j], exercise=ex, stimulation=sch.stimulation[k])
            if k in capture:
                captured[k] = ({name: v.copy() for name, v in x.items()}, eff)
            if waking[j]:
                pain_sum = pain_sum + pain
            if j == night:
                h = slow.sleep_hours_mean(p, pain_sum / waking.sum(), x["H"], eff) + p["sleep_sd_h"] * z[spd]
                if day < sch.sleep_cap.size and not np.isnan(sch.sleep_cap[day]):
                    h = np.minimum(h, sch.sleep_cap[day])
                delta = slow.sleep_deficit(p, h)
            if j == morning:
                out["hrv"][:, day] = x["V"] + p["hrv_sd"] * z[spd + 2]
            if j == record:
                for name in slow.STATES:
                    out[name][:, day] = x[name]
            tg = slow.targets(p, x, eff, injury=inj, stress=sch.stress[k], delta=delta, c=c, y=y, pain=pain,
                              eih=sch.exercise_eih[k], bout_rate=ex * 24.0 / events.BOUT_HOURS)
            for name, (target, tau) in tg.items():
                rate = np.minimum(dt / tau, 1.0) if name == "S1" else dt / tau
                x[name] = x[name] + rate * (target - x[name])
            x["H"] = x["H"] + p["sigma_H"] * np.sqrt(dt) * z[j]
            x["F"] = x["F"] + p["sigma_F"] * np.sqrt(2.0 / p["tau_F"]) * np.sqrt(dt) * z[spd + 3 + j]
            for name in slow.NOISY_OR_UNBOUNDED:
                x[name] = np.clip(x[name], *slow.RANGES[name])
        out["pain_true"][:, day] = pain_sum / waking.sum()
        out["pain"][:, day] = np.clip(out["pain_true"][:, day] + p["report_sd"] * z[spd + 1], 0.0, 10.0)
    out["captured"] = captured
    return out


def _all_treatments(days: float) -> list[dict[str, Any]]:
    evs: list[dict[str, Any]] = []
    for i, name in enumerate(sorted(treatment_spec())):
        start = (3 * i) % 15
        evs.append({"type": "treatment", "name": name, "start": start, "stop": min(start + 14, days)})
    # a second course at another dose, and naloxone on top of placebo (opioid block)
    evs.append({"type": "treatment", "name": "pregabalin", "start": 20, "dose": 150})
    evs.append({"type": "treatment", "name": "naloxone", "start": 22.5, "stop": 24})
    return evs


SCENARIOS: dict[str, tuple[str, list[dict[str, Any]], float, float]] = {
    "no events": ("fibromyalgia", [], 20, 0.05),
    "injury, stress, sleep loss, stimulation": ("vulnerable", [
        {"type": "injury", "start": 3, "duration": 4, "severity": 0.7},
        {"type": "stress", "start": 5, "duration": 6, "level": 0.8},
        {"type": "sleep_loss", "start": 8, "nights": 3, "hours": 4},
        {"type": "stimulation", "start": 14.5, "duration": 1 / 72, "intensity": 0.9},
    ], 24, 0.05),
    "exercise bouts": ("chronic_low_back_pain", [
        {"type": "exercise", "start": 1, "every": 2, "stop": 20, "dose": 2.5, "kind": "resistance"},
        {"type": "exercise", "start": 4, "dose": 1.0, "kind": "walking"},
    ], 24, 1 / 24),
    "every treatment": ("fibromyalgia", _all_treatments(30), 30, 0.05),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_engine_equals_the_reference_integrator(name):
    profile, evs, days, dt = SCENARIOS[name]
    pat = slow.make_patients(profile, n=40, seed=SEED, start=START, heterogeneity=1.0)
    sch = events.build_schedule(evs, days, dt)
    spd = round(1 / dt)
    capture = {0, 5 * spd + 3, sch.n_steps - 1}
    got = slow.integrate(pat, sch, seed=SEED, start=START, record_states=True, capture=capture, threads=1)
    ref = reference_integrate(pat, sch, seed=SEED, start=START, capture=capture)
    _assert_agree(got, ref, capture)


def test_engine_equals_the_reference_when_every_parameter_differs_between_patients():
    # parameters heterogeneity leaves scalar become arrays (a circadian amplitude, a
    # non-quadratic pain curve): the kernel must read each patient's own value
    pat = slow.make_patients("vulnerable", n=24, seed=SEED, start=START, heterogeneity=1.0)
    rng = np.random.default_rng(0)
    pat.p["circ_amp"] = pat.p["circ_amp"] * rng.uniform(0.5, 1.5, pat.n)
    pat.p["n_pain"] = pat.p["n_pain"] * rng.uniform(0.8, 1.2, pat.n)
    pat.p["k_HP"] = pat.p["k_HP"] * rng.uniform(0.5, 1.5, pat.n)
    sch = events.build_schedule([
        {"type": "treatment", "name": "placebo", "start": 2},
        {"type": "injury", "start": 4, "duration": 3, "severity": 0.5},
    ], 12, 0.05)
    got = slow.integrate(pat, sch, seed=SEED, start=START, record_states=True, capture={100}, threads=1)
    ref = reference_integrate(pat, sch, seed=SEED, start=START, capture={100})
    _assert_agree(got, ref, {100})


def _assert_agree(got: slow.SlowResult, ref: dict[str, Any], capture: set[int]) -> None:
    # outputs are float32: the tolerance covers their rounding (half a unit in the last
    # place is < 5e-7 below 8, < 1e-6 up to 16) plus float64 differences of ~1e-12
    assert np.abs(got.pain_true - ref["pain_true"]).max() < 1e-6
    assert np.abs(got.pain - ref["pain"]).max() < 1e-6
    assert np.abs(got.hrv - ref["hrv"]).max() < 1e-6
    for name in slow.STATES:
        assert np.abs(got.states[name] - ref[name]).max() < 1e-6, name
    assert set(got.captured) == capture
    for k in capture:
        x, eff = got.captured[k]
        x_ref, eff_ref = ref["captured"][k]
        for name in slow.STATES:
            np.testing.assert_allclose(x[name], x_ref[name], rtol=0, atol=1e-9, err_msg=name)
        for mech in slow.Effects.__dataclass_fields__:
            np.testing.assert_allclose(np.broadcast_to(getattr(eff, mech), x["S1"].shape),
                                       np.broadcast_to(getattr(eff_ref, mech), x["S1"].shape), rtol=0, atol=1e-12)
    # the scenario must move the model: no agreement by standing still
    assert got.pain_true.std() > 0.05
