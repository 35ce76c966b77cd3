"""Slow layer (days): the stochastic state model, vectorised over virtual patients.

Every state relaxes towards a target set by the other states and the inputs,
``dx/dt = (target(x, inputs) - x) / tau``; stress load carries process noise. The model is
integrated with Euler-Maruyama at ``dt`` <= 0.05 day over NumPy arrays of shape
``(n_patients,)``. Pain at each step is the fast layer's steady state
(:func:`painscope.model.fast.steady_state`) under everyday input with the circadian gain
of that clock time; daily pain is its mean over the waking day (07-22 h) plus diary
rating noise.

States (see ``docs/model.md`` for every equation and source):

====== ===================================================== ===============
S1     short-term sensitisation (HFS-like), 0-1               tau ~ 6 h
S2     consolidated sensitisation, "pain memory"              tau ~ 90 days
M      glial / neuroinflammatory tone                         tau ~ 7 days
H      stress load (HPA drive)                                tau ~ 2 days
R      glucocorticoid resistance                              tau ~ 40 days
Sigma  sleep debt, 0-1 (fraction of sleep need missed)        tau ~ 1.5 nights
V      vagal tone, ln RMSSD (ms)                              tau ~ 7 days
D      tonic descending inhibition                            tau ~ 14 days
A      threat appraisal / catastrophising, 0-1 (PCS/52)       tau ~ 28 days
X      activity / fitness (1 = reference)                     tau ~ 28 days
E      expected pain (0-10), learnt from recent pain          tau ~ 7 days
L      peripheral inflammation at an injury, 0-1              tau ~ 2 days
O      endogenous opioid tone after exercise                  tau ~ 2.4 h
T      training load (bouts per day x dose)                   tau ~ 7 days
F      day-to-day fluctuation of everyday load and affect     tau ~ 1.5 days
====== ===================================================== ===============
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import ndtr

from painscope.model import fast, kernel
from painscope.model.events import BOUT_HOURS, NIGHT_START_H, Schedule
from painscope.model.parameters import heterogeneity_spec, profile_values, treatment_spec
from painscope.model.rng import PURPOSE_DYNAMICS, PURPOSE_PARAMETERS, PatientStreams

STATES = ("S1", "S2", "M", "H", "R", "Sigma", "V", "D", "A", "X", "E", "L", "O", "T", "F")
#: Physiological ranges the states are kept in (a state outside would be meaningless).
RANGES: dict[str, tuple[float, float]] = {
    "S1": (0.0, 1.0), "S2": (0.0, 10.0), "M": (0.0, 10.0), "H": (0.0, 3.0), "R": (0.0, 1.0),
    "Sigma": (0.0, 1.0), "V": (1.0, 6.0), "D": (-0.5, 3.0), "A": (0.0, 1.5), "X": (0.05, 3.0),
    "E": (0.0, 10.0), "L": (0.0, 1.0), "O": (0.0, 5.0), "T": (0.0, 5.0), "F": (-3.0, 3.0),
}
#: Plain-word names for people (plots, the "your system" page).
PLAIN_NAMES = {
    "S1": "short-term sensitivity", "S2": "nervous-system sensitivity (pain memory)",
    "M": "inflammation in the nervous system", "H": "stress load", "R": "stress-hormone resistance",
    "Sigma": "sleep debt", "V": "heart-rate variability (vagal tone)",
    "D": "the body's own pain brakes", "A": "worry and fear about pain", "X": "activity and fitness",
    "E": "expected pain", "L": "tissue inflammation", "O": "exercise pain relief", "T": "training load",
    "F": "day-to-day ups and downs",
}
WAKE_H = (7.0, 22.0)
RECORD_H = 12.0
MORNING_H = 7.0
TAU_T = 7.0  # days; training load averages about a week of bouts
K_XT = 0.5  # X gained per unit training load; assumption (Busch et al. 2017 Cochrane, aerobic training)
FLARE_CAPACITY = 1.5  # dose a person with X = 1 tolerates without muscle nociception; assumption


@dataclass
class Patients:
    """Per-patient parameters (scalars or arrays of shape ``(n,)``) and initial states."""

    n: int
    p: dict[str, Any]
    mult: dict[str, np.ndarray]
    initial: dict[str, np.ndarray]

    def lab_params(self) -> dict[str, Any]:
        """Parameters for laboratory stimuli: the person's own heat pain threshold
        (``theta_heat``, QST spread) in place of the profile's nociceptor threshold that
        everyday input meets (see ``heterogeneity.theta_c`` in the parameter file)."""
        if "theta_heat" not in self.p:
            return self.p
        return {**self.p, "theta_c": self.p["theta_heat"]}


def make_patients(
    profile: str | Mapping[str, Any],
    *,
    n: int,
    seed: int,
    start: int = 0,
    heterogeneity: float = 1.0,
) -> Patients:
    """Draw patients ``start..start+n-1`` of a cohort from a profile.

    Each heterogeneous parameter is the profile value times ``exp(sd z)`` (log-normal,
    median = profile value) or plus ``sd z`` (normal), with ``sd`` from the parameter file
    scaled by ``heterogeneity`` and ``z`` from the patient's own random stream.
    """
    base, init = profile_values(profile)
    spec = heterogeneity_spec()
    names = list(spec)
    z = PatientStreams(seed, start, start + n, PURPOSE_PARAMETERS).normal(len(names))
    p: dict[str, Any] = dict(base)
    mult: dict[str, np.ndarray] = {}
    for i, name in enumerate(names):
        sd = float(spec[name]["sd"]) * heterogeneity
        # a spread may belong to a personal copy of a parameter ("applies_to"), e.g. the heat
        # pain threshold of laboratory stimuli, leaving the profile value for everyday input
        key = spec[name].get("applies_to", name)
        if spec[name]["kind"] == "lognormal":
            factor = np.exp(sd * z[i])
            if name in base:
                p[key] = base[name] * factor
            mult[name] = factor
        else:
            p[key] = base[name] + sd * z[i]
    initial = {k: np.full(n, v, dtype=float) for k, v in init.items()}
    if "S2" in initial:
        initial["S2"] = initial["S2"] * mult.get("S2_0", 1.0)
    return Patients(n=n, p=p, mult=mult, initial=initial)


def default_state(pat: Patients) -> dict[str, np.ndarray]:
    """Resting state for the person's parameters, overridden by the profile's initial values."""
    p, n = pat.p, pat.n
    ones = np.ones(n)
    x = {
        "S1": 0 * ones, "S2": 0 * ones, "M": 0 * ones, "H": p["Z0"] * ones, "R": p["Z0"] * ones,
        "Sigma": 0.05 * ones, "V": p["V0"] * ones, "D": p["D0"] * ones, "A": p["A0"] * ones,
        "X": p["X0"] * ones, "E": 0 * ones, "L": 0 * ones, "O": 0 * ones, "T": 0 * ones, "F": 0 * ones,
    }
    for k, v in pat.initial.items():
        x[k] = np.array(v, dtype=float)
    return x


@dataclass
class Effects:
    """Summed treatment mechanisms at one moment (arrays over patients or scalars)."""

    D_up: Any = 0.0
    gain_down: Any = 0.0
    sleep_h_up: Any = 0.0
    A_down: Any = 0.0
    E_down: Any = 0.0
    opioid: Any = 0.0
    opioid_block: Any = 0.0
    attention_down: Any = 0.0
    V_up: Any = 0.0
    X_up: Any = 0.0
    S2_decay_up: Any = 0.0


def combine_effects(levels: Mapping[str, np.ndarray]) -> Effects:
    """Sum each treatment's effect level times its mechanism weights (parameter file)."""
    spec = treatment_spec()
    eff = Effects()
    for name, level in levels.items():
        for mech, weight in spec[name]["effects"].items():
            setattr(eff, mech, getattr(eff, mech) + weight * level)
    eff.gain_down = np.clip(eff.gain_down, 0.0, 0.9)
    eff.A_down = np.clip(eff.A_down, 0.0, 0.9)
    eff.attention_down = np.clip(eff.attention_down, 0.0, 1.0)
    eff.opioid_block = np.clip(eff.opioid_block, 0.0, 1.0)
    return eff


def instant_pain(
    p: Mapping[str, Any], x: Mapping[str, np.ndarray], eff: Effects, *, injury: Any, hour: Any,
    exercise: Any = 0.0, stimulation: Any = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Everyday pain at one moment: ``(c, y, pain)`` from the fast layer's steady state.

    Everyday input is background pressure ``s_bg`` and touch ``a_bg`` plus the injury's
    ongoing input and, for a bout beyond capacity, muscle nociception.
    """
    excess = np.maximum(exercise - FLARE_CAPACITY * x["X"], 0.0)
    s = p["s_bg"] + p["s_inj"] * injury + p["k_flare"] * excess
    c = fast.nociceptor_input(p, s, x["L"])
    if np.any(stimulation):
        # stimulation acts on its own skin site: its C input adds to the everyday one
        c = c + fast.nociceptor_input(p, stimulation, 0.0)
    unblocked = 1.0 - eff.opioid_block
    D_tot = x["D"] + (x["O"] + eff.opioid) * unblocked
    G = fast.central_gain(p, x["S1"] + x["S2"], x["M"], x["Sigma"], fast.circadian_factor(p, hour), eff.gain_down)
    y = fast.projection_steady(p, c, p["a_bg"], x["S1"] + x["S2"], G, D_tot)
    # F: zero-mean day-to-day variation of everyday load, weather and affect (not modelled
    # mechanistically), acting on the ascending signal as a factor exp(F)
    pain = fast.perceive(p, y * np.exp(x["F"]), x["A"], np.maximum(x["E"] - eff.E_down, 0.0), eff.attention_down, x["H"])
    return c, y, pain


def targets(
    p: Mapping[str, Any], x: Mapping[str, np.ndarray], eff: Effects, *, injury: Any, stress: Any,
    delta: Any, c: Any, y: Any, pain: Any, eih: Any = 0.0, bout_rate: Any = 0.0,
) -> dict[str, tuple[Any, Any]]:
    """``state -> (target, tau)`` so that ``dx/dt = (target - x) / tau`` (days)."""
    q = p["k_S1"] * np.maximum(c - p["c0_S1"], 0.0) * p["tau_S1"]
    consolidation = p["a_S2"] / (1.0 + np.exp(-(y - p["theta_S2"]) / p["w_S2"])) * (1.0 + p["k_S2M"] * x["M"])
    decay = (1.0 + eff.S2_decay_up) / p["tau_S2"]
    Z = np.where(np.isnan(stress), p["Z0"], np.fmax(stress, p["Z0"])) if np.ndim(stress) or not np.isnan(stress) else p["Z0"]
    P10 = pain / 10.0
    D_target = p["D0"] * (1.0 + p["k_DV"] * (x["V"] - 3.7)) - p["k_DH"] * x["H"] + p["k_DX"] * (x["X"] - 1.0) + eff.D_up
    X_target = p["X0"] * (1.0 - p["k_XA"] * x["A"] - p["k_XP"] * P10) + K_XT * x["T"] + eff.X_up
    return {
        "S1": (p["S1_max"] * q / (1.0 + q), p["tau_S1"] / (1.0 + q)),
        "S2": (consolidation / decay, 1.0 / decay),
        "M": (p["k_MS"] * x["S1"] + p["k_MSigma"] * x["Sigma"] + p["k_MHR"] * x["H"] * x["R"], p["tau_M"]),
        "H": (Z + p["k_HP"] * P10 + p["k_HA"] * x["A"], p["tau_H"]),
        "R": (np.minimum(x["H"], 1.0), p["tau_R"]),
        "Sigma": (delta, p["tau_Sigma"]),
        "V": (p["V0"] - p["k_VH"] * x["H"] - p["k_VSigma"] * x["Sigma"] + p["k_VX"] * (x["X"] - 1.0) + eff.V_up, p["tau_V"]),
        "D": (np.maximum(D_target, -0.5), p["tau_D"]),
        "A": (p["A0"] * (1.0 - eff.A_down) + p["k_AP"] * P10, p["tau_A"]),
        "X": (np.maximum(X_target, 0.05), p["tau_X"]),
        "E": (pain, p["tau_E"]),
        "L": (injury, p["tau_L"]),
        "O": (p["k_O"] * eih, p["tau_O"]),
        "T": (bout_rate, TAU_T),
        "F": (0.0, p["tau_F"]),
    }


def sleep_hours_mean(p: Mapping[str, Any], pain_day: Any, H: Any, eff: Effects) -> Any:
    """Expected hours slept: need minus pain and stress costs plus treatment gains."""
    return p["h_need"] - p["k_hP"] * pain_day - p["k_hH"] * H + eff.sleep_h_up


def sleep_deficit(p: Mapping[str, Any], hours: Any) -> Any:
    """Fraction of sleep need missed in one night, 0-1."""
    return np.clip((p["h_need"] - hours) / p["h_need"], 0.0, 1.0)


def expected_deficit(p: Mapping[str, Any], mean_hours: Any) -> Any:
    """Mean of :func:`sleep_deficit` when nightly hours are normal around ``mean_hours``."""
    sd = p["sleep_sd_h"]
    m = p["h_need"] - mean_hours
    r = m / sd
    e = m * ndtr(r) + sd * np.exp(-0.5 * r * r) / np.sqrt(2 * np.pi)
    return np.clip(e / p["h_need"], 0.0, 1.0)


def fast_context(x: Mapping[str, np.ndarray], eff: Effects, *, injured_site: bool = False) -> dict[str, Any]:
    """Slow state as the fast layer's parameters (for a lab protocol run on that day)."""
    return {
        "S": x["S1"] + x["S2"], "M": x["M"], "Sigma": x["Sigma"],
        "D": x["D"] + (x["O"] + eff.opioid) * (1.0 - eff.opioid_block), "A": x["A"],
        "E": np.maximum(x["E"] - eff.E_down, 0.0), "L": x["L"] if injured_site else 0.0, "H": x["H"],
        "gain_block": eff.gain_down, "attention_block": eff.attention_down,
    }


#: States whose noise or target can leave the range (the others move between their value
#: and an in-range target, so an Euler step with dt/tau <= 1 keeps them in range).
NOISY_OR_UNBOUNDED = ("S2", "H", "V", "D", "A", "X", "F")

# the kernel addresses states and mechanisms by position and clamps these states
if (STATES != kernel.STATE_ORDER or tuple(Effects.__dataclass_fields__) != kernel.MECHANISMS
        or set(NOISY_OR_UNBOUNDED) != set(kernel.CLAMPED)):  # pragma: no cover
    raise ImportError("painscope.model.kernel orders or clamps the states or mechanisms differently")


def _clip(x: dict[str, np.ndarray], names: Any = None) -> None:
    for k in names or RANGES:
        lo, hi = RANGES[k]
        np.clip(x[k], lo, hi, out=x[k])


def settle(pat: Patients, x: dict[str, np.ndarray], *, iterations: int = 300, step: float = 2.0) -> None:
    """Move each patient to the deterministic steady state nearest its initial state.

    Pseudo-time relaxation without noise, circadian mean gain and expected sleep deficit:
    each state moves ``min(1, step / tau)`` of the way to its target per iteration. A cohort
    then starts in its own equilibrium instead of drifting during the first weeks.
    """
    p = pat.p
    eff = combine_effects({})
    for _ in range(iterations):
        c, y, pain = instant_pain(p, x, eff, injury=0.0, hour=p["circ_peak_h"] + 6.0)
        delta = expected_deficit(p, sleep_hours_mean(p, pain, x["H"], eff))
        tg = targets(p, x, eff, injury=0.0, stress=np.nan, delta=delta, c=c, y=y, pain=pain)
        for k, (target, tau) in tg.items():
            x[k] = x[k] + np.minimum(1.0, step / tau) * (target - x[k])
        _clip(x)


@dataclass
class SlowResult:
    """Daily output of a run: arrays of shape ``(n_patients, days)``.

    ``pain`` is the diary rating (waking-day mean + rating noise, 0-10), ``pain_true`` the
    waking-day mean without rating noise, ``hrv`` the morning lnRMSSD measurement, and
    ``states`` (if recorded) each state at noon.
    """

    pain: np.ndarray
    pain_true: np.ndarray
    hrv: np.ndarray
    states: dict[str, np.ndarray] = field(default_factory=dict)
    captured: dict[int, tuple[dict[str, np.ndarray], Effects]] = field(default_factory=dict)


def _dose_factor(spec: Mapping[str, Any], dose: np.ndarray) -> np.ndarray:
    ed50 = float(spec["ed50"])
    ref = float(spec["ref_dose"])
    with np.errstate(invalid="ignore", divide="ignore"):
        f = (dose / (dose + ed50)) / (ref / (ref + ed50))
    return np.where(dose > 0, f, 0.0)


#: Largest block of patients integrated as one set of arrays. Blocks are multiples of
#: ``rng.BLOCK`` so each draws exactly its own patients' random streams (results do not depend
#: on the block size).
INTEGRATION_BLOCK = 32768
#: Smallest block worth a thread of its own. The compiled kernel releases the GIL for a
#: whole day of a block; each day also draws the block's random numbers and makes one call,
#: a fixed cost that small blocks would not repay.
MIN_THREAD_BLOCK = 16384


def integration_threads() -> int:
    """Threads used to integrate blocks of patients (``PAINSCOPE_MODEL_THREADS``, default: cores).

    The compiled kernel and the Philox draws release the GIL, so blocks integrated in a
    thread pool use every core; results are identical to the sequential loop (blocks are
    independent and each draws its own patients' streams).
    """
    env = os.environ.get("PAINSCOPE_MODEL_THREADS")
    if env:
        return max(1, int(env))
    if _inside_dask_worker():
        return 1  # the cluster already spreads chunks over the cores: don't oversubscribe
    return max(1, os.cpu_count() or 1)


def _inside_dask_worker() -> bool:
    distributed = sys.modules.get("distributed")  # never imported here: not in a worker
    if distributed is None:
        return False
    try:
        distributed.get_worker()
    except ValueError:
        return False
    return True


def _subset(pat: Patients, lo: int, hi: int) -> Patients:
    def cut(v: Any) -> Any:
        return v[lo:hi] if isinstance(v, np.ndarray) and v.ndim == 1 and v.shape[0] == pat.n else v

    return Patients(
        n=hi - lo, p={k: cut(v) for k, v in pat.p.items()}, mult={k: cut(v) for k, v in pat.mult.items()},
        initial={k: cut(v) for k, v in pat.initial.items()},
    )


def _concat_effects(parts: list[Effects], sizes: list[int]) -> Effects:
    out = Effects()
    for name in Effects.__dataclass_fields__:
        vals = [getattr(e, name) for e in parts]
        if all(np.ndim(v) == 0 for v in vals) and all(v == vals[0] for v in vals):
            setattr(out, name, vals[0])
        else:
            setattr(out, name, np.concatenate([np.broadcast_to(np.asarray(v, dtype=float), (m,)) for v, m in zip(vals, sizes, strict=True)]))
    return out


def _blocks(n: int, threads: int) -> list[tuple[int, int]]:
    """Patient ranges of about equal size, at most :data:`INTEGRATION_BLOCK`, whose count is a
    multiple of ``threads`` when there are enough patients (so no core idles at the end)."""
    from painscope.model.rng import BLOCK

    units = -(-n // BLOCK)  # random-stream blocks
    count = -(-n // INTEGRATION_BLOCK)
    if threads > 1 and n >= threads * MIN_THREAD_BLOCK:
        count = -(-count // threads) * threads
    size = -(-units // count) * BLOCK
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


def integrate(
    pat: Patients,
    schedule: Schedule,
    *,
    seed: int,
    start: int = 0,
    record_states: bool = False,
    settle_first: bool = True,
    on_day: Callable[[int], None] | None = None,
    capture: set[int] | None = None,
    threads: int | None = None,
) -> SlowResult:
    """Euler-Maruyama integration of the slow layer over the schedule.

    ``seed``/``start`` select the patients' own random streams (see :mod:`rng`), so the
    result for patient ``i`` does not depend on the chunk it is simulated in. Patients are
    integrated in blocks of :data:`INTEGRATION_BLOCK` on ``threads`` threads (default
    :func:`integration_threads`); the result is the same for any block size or thread count.
    """
    spd = round(1.0 / schedule.dt)
    if abs(spd * schedule.dt - 1.0) > 1e-9 or schedule.dt > 0.05 + 1e-12:
        raise ValueError("dt must be 1/k day with k >= 20 (dt <= 0.05 day)")
    n = pat.n
    n_threads = threads or integration_threads()
    bounds = _blocks(n, n_threads)
    days = schedule.n_steps // spd
    # blocks write their rows straight into the chunk's output (no copy when joining them)
    outputs = {k: np.zeros((n, days), dtype=np.float32) for k in ("pain", "pain_true", "hrv")}
    if record_states:
        outputs |= {f"state:{k}": np.zeros((n, days), dtype=np.float32) for k in STATES}

    def one(i: int) -> SlowResult:
        lo, hi = bounds[i]
        sub = pat if len(bounds) == 1 else _subset(pat, lo, hi)
        return _integrate_block(
            sub, schedule, seed=seed, start=start + lo, record_states=record_states, settle_first=settle_first,
            on_day=on_day if i == 0 else None, capture=capture, outputs={k: v[lo:hi] for k, v in outputs.items()},
        )

    n_threads = min(len(bounds), n_threads)
    if n_threads <= 1:
        parts = [one(i) for i in range(len(bounds))]
    else:
        with ThreadPoolExecutor(max_workers=n_threads) as pool:
            parts = list(pool.map(one, range(len(bounds))))
    if len(parts) == 1:
        return parts[0]
    sizes = [hi - lo for lo, hi in bounds]
    states = {k: outputs[f"state:{k}"] for k in STATES} if record_states else {}
    captured = {
        k: ({s: np.concatenate([q.captured[k][0][s] for q in parts]) for s in STATES},
            _concat_effects([q.captured[k][1] for q in parts], sizes))
        for k in parts[0].captured
    }
    return SlowResult(pain=outputs["pain"], pain_true=outputs["pain_true"], hrv=outputs["hrv"], states=states, captured=captured)


def _integrate_block(
    pat: Patients,
    schedule: Schedule,
    *,
    seed: int,
    start: int,
    record_states: bool,
    settle_first: bool,
    on_day: Callable[[int], None] | None,
    capture: set[int] | None,
    outputs: dict[str, np.ndarray],
) -> SlowResult:
    """One block of patients, writing its daily rows into ``outputs`` (views of the chunk's arrays).

    The steps run in the compiled kernel :func:`painscope.model.kernel.advance_day` (the
    arithmetic of :func:`instant_pain`, :func:`targets`, :func:`combine_effects`,
    :func:`sleep_hours_mean` and :func:`sleep_deficit`), one call per day after that day's
    random numbers are drawn; everything that is step-invariant is prepared here once.
    """
    p, n, dt = pat.p, pat.n, schedule.dt
    spd = round(1.0 / dt)
    days = schedule.n_steps // spd
    x = default_state(pat)
    if settle_first:
        settle(pat, x)
    for k in STATES:
        x[k] = np.array(np.broadcast_to(x[k], (n,)), dtype=float)
    streams = PatientStreams(seed, start, start + n, PURPOSE_DYNAMICS)
    tspec = treatment_spec()
    trt_names = sorted(schedule.treatments)
    n_trt = len(trt_names)
    trt_factor = np.zeros((n_trt, schedule.n_steps))
    trt_resp = np.ones((n, n_trt))
    for t, name in enumerate(trt_names):
        trt_factor[t] = _dose_factor(tspec[name], schedule.treatments[name])
        if tspec[name]["response"]:
            trt_resp[:, t] = pat.mult.get(tspec[name]["response"], 1.0)
    rate_on = np.array([1.0 - np.exp(-dt / float(tspec[k]["tau_on"])) for k in trt_names])
    rate_off = np.array([1.0 - np.exp(-dt / float(tspec[k]["tau_off"])) for k in trt_names])
    W = kernel.effect_weights(trt_names, tspec)
    levels = np.zeros((n, n_trt))
    P = kernel.param_matrix(p, n, dt=dt, tau_T=TAU_T, flare_capacity=FLARE_CAPACITY, k_XT=K_XT)
    hours = np.arange(spd) * dt * 24.0
    circ_of_step = [np.asarray(fast.circadian_factor(p, h), dtype=float) for h in hours]
    circ = np.empty((n if any(c.ndim for c in circ_of_step) else 1, spd))
    for j, cf in enumerate(circ_of_step):
        circ[:, j] = cf
    waking = (hours >= WAKE_H[0]) & (hours < WAKE_H[1])
    night_step = int(np.argmax(hours >= NIGHT_START_H))
    record_step = int(np.argmin(np.abs(hours - RECORD_H))) if record_states else -1
    morning_step = int(np.argmax(hours >= MORNING_H))
    # each step clamps the states of NOISY_OR_UNBOUNDED to their range
    lo = np.array([RANGES[k][0] for k in STATES])
    hi = np.array([RANGES[k][1] for k in STATES])
    # the sleep deficit before the first night: expected from the settled state
    eff0 = combine_effects({})
    _, _, pain0 = instant_pain(p, x, eff0, injury=0.0, hour=p["circ_peak_h"] + 6.0)
    delta = np.array(np.broadcast_to(expected_deficit(p, sleep_hours_mean(p, pain0, x["H"], eff0)), (n,)), dtype=float)
    xs = np.stack([x[k] for k in STATES], axis=1)
    out_pain, out_true, out_hrv = outputs["pain"], outputs["pain_true"], outputs["hrv"]
    out_states = {k: outputs[f"state:{k}"] for k in STATES} if record_states else {}
    rec = np.zeros((n if record_states else 1, len(STATES)), dtype=np.float32)
    captured: dict[int, tuple[dict[str, np.ndarray], Effects]] = {}
    no_capture = (np.zeros(0, dtype=np.int64), np.zeros((0, 1, len(STATES))), np.zeros((0, 1, n_trt)))
    inputs = [np.ascontiguousarray(a, dtype=float) for a in (
        schedule.injury, schedule.exercise, schedule.stimulation, schedule.exercise_eih, schedule.stress)]
    for day in range(days):
        noise = np.ascontiguousarray(streams.normal(2 * spd + 3, dtype=np.float32))
        cap = float(schedule.sleep_cap[day]) if day < schedule.sleep_cap.size else np.nan
        today = sorted(k for k in capture if day * spd <= k < (day + 1) * spd) if capture else []
        if today:
            cap_args = (np.array([k - day * spd for k in today], dtype=np.int64),
                        np.zeros((len(today), n, len(STATES))), np.zeros((len(today), n, n_trt)))
        else:
            cap_args = no_capture
        kernel.advance_day(
            day, dt, P, circ, xs, levels, delta, W, trt_factor, trt_resp, rate_on, rate_off, *inputs,
            24.0 / BOUT_HOURS, cap, waking, night_step, morning_step, record_step, lo, hi,
            noise, out_pain, out_true, out_hrv, rec, *cap_args,
        )
        if record_states:
            for s, name in enumerate(STATES):
                out_states[name][:, day] = rec[:, s]
        for c, k in enumerate(today):
            lv = {name: cap_args[2][c, :, t].copy() for t, name in enumerate(trt_names)}
            captured[k] = ({name: cap_args[1][c, :, s].copy() for s, name in enumerate(STATES)},
                           combine_effects(lv) if trt_names else eff0)
        if on_day is not None:
            on_day(day)
    return SlowResult(pain=out_pain, pain_true=out_true, hrv=out_hrv, states=out_states, captured=captured)
