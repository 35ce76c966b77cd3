"""The slow-layer integrator as it was before the throughput work (kept for the benchmark).

``benchmarks/model_cohort.py --before`` times this copy against the current engine in the same run,
so the speed-up is measured on the same machine at the same moment. It is the commit
bd45e7f version of ``painscope.model.slow.integrate``, unchanged except for module prefixes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from painscope.model import slow
from painscope.model.events import BOUT_HOURS, NIGHT_START_H, Schedule
from painscope.model.rng import PURPOSE_DYNAMICS, PatientStreams


def integrate_before(
    pat: slow.Patients,
    schedule: Schedule,
    *,
    seed: int,
    start: int = 0,
    record_states: bool = False,
    settle_first: bool = True,
    on_day: Callable[[int], None] | None = None,
    capture: set[int] | None = None,
) -> slow.SlowResult:
    """Euler-Maruyama integration of the slow layer over the schedule.

    ``seed``/``start`` select the patients' own random streams (see :mod:`rng`), so the
    result for patient ``i`` does not depend on the chunk it is simulated in.
    """
    p, n, dt = pat.p, pat.n, schedule.dt
    spd = round(1.0 / dt)
    if abs(spd * dt - 1.0) > 1e-9 or dt > 0.05 + 1e-12:
        raise ValueError("dt must be 1/k day with k >= 20 (dt <= 0.05 day)")
    days = schedule.n_steps // spd
    x = slow.default_state(pat)
    if settle_first:
        slow.settle(pat, x)
    streams = PatientStreams(seed, start, start + n, PURPOSE_DYNAMICS)
    tspec = slow.treatment_spec()
    trt_names = sorted(schedule.treatments)
    trt_factor = {k: slow._dose_factor(tspec[k], schedule.treatments[k]) for k in trt_names}
    trt_resp = {
        k: (pat.mult.get(tspec[k]["response"], 1.0) if tspec[k]["response"] else 1.0) * np.ones(n)
        for k in trt_names
    }
    levels = {k: np.zeros(n) for k in trt_names}
    decay_on = {k: 1.0 - np.exp(-dt / float(tspec[k]["tau_on"])) for k in trt_names}
    decay_off = {k: 1.0 - np.exp(-dt / float(tspec[k]["tau_off"])) for k in trt_names}
    out_pain = np.zeros((n, days), dtype=np.float32)
    out_true = np.zeros((n, days), dtype=np.float32)
    out_hrv = np.zeros((n, days), dtype=np.float32)
    out_states = {k: np.zeros((n, days), dtype=np.float32) for k in slow.STATES} if record_states else {}
    captured: dict[int, tuple[dict[str, np.ndarray], slow.Effects]] = {}
    eff0 = slow.combine_effects({})
    c, y, pain = slow.instant_pain(p, x, eff0, injury=0.0, hour=p["circ_peak_h"] + 6.0)
    delta = slow.expected_deficit(p, slow.sleep_hours_mean(p, pain, x["H"], eff0))
    sqdt = np.sqrt(dt)
    hours = (np.arange(spd) * dt * 24.0)
    waking = (hours >= slow.WAKE_H[0]) & (hours < slow.WAKE_H[1])
    night_step = int(np.argmax(hours >= NIGHT_START_H))
    record_step = int(np.argmin(np.abs(hours - slow.RECORD_H)))
    morning_step = int(np.argmax(hours >= slow.MORNING_H))
    n_wake = int(waking.sum())
    sig_H = p["sigma_H"]
    sig_F = p["sigma_F"] * np.sqrt(2.0 / p["tau_F"])  # stationary SD of F is sigma_F
    bout_scale = 24.0 / BOUT_HOURS
    for day in range(days):
        noise = streams.normal(2 * spd + 3, dtype=np.float32)
        pain_sum = np.zeros(n)
        for j in range(spd):
            k = day * spd + j
            for name in trt_names:
                target = trt_factor[name][k] * trt_resp[name]
                lv = levels[name]
                lv += np.where(target > lv, decay_on[name], decay_off[name]) * (target - lv)
            eff = slow.combine_effects(levels) if trt_names else eff0
            inj = schedule.injury[k]
            ex = schedule.exercise[k]
            c, y, pain = slow.instant_pain(
                p, x, eff, injury=inj, hour=hours[j], exercise=ex, stimulation=schedule.stimulation[k]
            )
            if capture is not None and k in capture:
                captured[k] = ({name: x[name].copy() for name in slow.STATES}, eff)
            if waking[j]:
                pain_sum += pain
            if j == night_step:
                h = slow.sleep_hours_mean(p, pain_sum / n_wake, x["H"], eff) + p["sleep_sd_h"] * noise[spd]
                cap = schedule.sleep_cap[day] if day < schedule.sleep_cap.size else np.nan
                if not np.isnan(cap):
                    h = np.minimum(h, cap)
                delta = slow.sleep_deficit(p, h)
            if j == morning_step:
                out_hrv[:, day] = x["V"] + p["hrv_sd"] * noise[spd + 2]
            if record_states and j == record_step:
                for name in slow.STATES:
                    out_states[name][:, day] = x[name]
            tg = slow.targets(
                p, x, eff, injury=inj, stress=schedule.stress[k], delta=delta, c=c, y=y, pain=pain,
                eih=schedule.exercise_eih[k], bout_rate=ex * bout_scale,
            )
            for name, (target, tau) in tg.items():
                # min(., 1): S1's effective time constant can drop below dt during intense
                # stimulation; the step then lands on the target instead of overshooting
                rate = np.minimum(dt / tau, 1.0) if name == "S1" else dt / tau
                x[name] = x[name] + rate * (target - x[name])
            x["H"] = x["H"] + sig_H * sqdt * noise[j]
            x["F"] = x["F"] + sig_F * sqdt * noise[spd + 3 + j]
            slow._clip(x, slow.NOISY_OR_UNBOUNDED)
        mean_pain = pain_sum / n_wake
        out_true[:, day] = mean_pain
        out_pain[:, day] = np.clip(mean_pain + p["report_sd"] * noise[spd + 1], 0.0, 10.0)
        if on_day is not None:
            on_day(day)
    return slow.SlowResult(pain=out_pain, pain_true=out_true, hrv=out_hrv, states=out_states, captured=captured)
