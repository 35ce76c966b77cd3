"""Fast layer (seconds): stimulus -> nociceptor -> gate -> wind-up -> projection -> pain.

Signals are dimensionless firing rates; the stimulus intensity ``s`` is 0-1 (1 = 50 degC
contact heat, ``s = (T - 40 degC) / 10 degC``) and touch ``a`` is 0-1. The slow state enters
as parameters (sensitisation ``S``, glial tone ``M``, sleep debt ``Sigma``, tonic descending
inhibition ``D``, threat appraisal ``A``, expectation ``E``, peripheral inflammation ``L``).

Equations (time in seconds, ``[u]+ = max(u, 0)``)::

    c* = [s - theta_c (1 - kappa_L L)]+ / (1 - theta_c (1 - kappa_L L))     nociceptor input
    tau_c dc/dt = c* - c
    tau_g dg/dt = [g0 + w_ga a - w_gc c + w_gd D_tot]+ - g                   gate (Melzack-Wall)
    G = G0 (1 + S)(1 + kappa_M M)(1 + kappa_Sigma Sigma) circ(t) (1 - b_gain) central gain
    u = G (c (1 + kappa_w w) + g_A a) + k_sp S - w_gy g / (1 + S / S_dis) - w_D D_tot
    tau_y dy/dt = [u]+ - y                                                   projection (WDR)
    tau_r dz/dt = k_w (1 + kappa_wS S) y - z                                 slow EPSP (NK1/NMDA)
    tau_w dw/dt = z (1 - w) - w                                              wind-up
    tau_d dd/dt = eta_cpm D c_cond - d                                       phasic CPM
    D_tot = D + d
    x = y (1 + (kappa_A A + kappa_H H) (1 - b_att))                          ascending signal
    x^ = (x + lambda_E x_E) / (1 + lambda_E),  x_E = h^-1(E)                 precision mix
    pain = h(x^) = 10 x^n / (x^n + K^n)                                      0-10

The steady state under constant input has a closed form (the wind-up fixed point is a
quadratic), :func:`steady_state`; the slow layer uses that same function for daily pain so
both layers are consistent. :func:`simulate_protocol` integrates the ODEs for a stimulus
protocol, vectorised over people.

References: Melzack & Wall 1965; Britton & Skevington 1989, 1996; Crodelle et al. 2019
PLOS Comp Biol; Aguiar et al. 2010; Onysk et al. 2024 eLife; Hoskin et al. 2019.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

ArrayLike = float | np.ndarray


def circadian_factor(p: Mapping[str, Any], hour: ArrayLike) -> ArrayLike:
    """Multiplier of central gain at clock time ``hour`` (peak at ``circ_peak_h``).

    Source: pain sensitivity varies about +/-11 % over 24 h with the maximum at 03-04 h
    (Daguet et al. 2022 Brain; Crodelle et al. 2019).
    """
    return 1.0 + p["circ_amp"] * np.cos(2.0 * np.pi * (np.asarray(hour) - p["circ_peak_h"]) / 24.0)


def nociceptor_input(p: Mapping[str, Any], s: ArrayLike, L: ArrayLike = 0.0) -> ArrayLike:
    """Steady C-nociceptor activity for stimulus ``s`` with threshold lowered by inflammation."""
    theta = p["theta_c"] * (1.0 - p["kappa_L"] * np.clip(L, 0.0, 1.0))
    return np.maximum(s - theta, 0.0) / (1.0 - theta)


def central_gain(
    p: Mapping[str, Any],
    S: ArrayLike,
    M: ArrayLike,
    Sigma: ArrayLike,
    circ: ArrayLike = 1.0,
    gain_block: ArrayLike = 0.0,
) -> ArrayLike:
    """Dorsal-horn gain ``G0 (1+S)(1+kappa_M M)(1+kappa_Sigma Sigma)`` (MODEL.md)."""
    return (
        p["G0"]
        * (1.0 + S)
        * (1.0 + p["kappa_M"] * M)
        * (1.0 + p["kappa_Sigma"] * Sigma)
        * circ
        * (1.0 - gain_block)
    )


def pain_from_signal(p: Mapping[str, Any], x: ArrayLike) -> ArrayLike:
    """Squash a (precision-weighted) signal to 0-10: ``10 x^n / (x^n + K^n)``."""
    xn = np.maximum(x, 0.0) ** p["n_pain"]
    return 10.0 * xn / (xn + p["K_pain"] ** p["n_pain"])


def signal_from_pain(p: Mapping[str, Any], pain: ArrayLike) -> ArrayLike:
    """Inverse of :func:`pain_from_signal` (pain clipped to 0-9.9)."""
    q = np.clip(pain, 0.0, 9.9) / 10.0
    return p["K_pain"] * (q / (1.0 - q)) ** (1.0 / p["n_pain"])


def perceive(
    p: Mapping[str, Any],
    y: ArrayLike,
    A: ArrayLike = 0.0,
    E: ArrayLike = 0.0,
    attention_block: ArrayLike = 0.0,
    H: ArrayLike = 0.0,
) -> ArrayLike:
    """Perceived pain 0-10: ascending signal (amplified by threat ``A`` and stress ``H``)
    mixed with expectation.

    The precision-weighted average of sensory evidence and the expected pain ``E`` follows
    the Bayesian form of Onysk et al. 2024 (eLife) and Hoskin et al. 2019; same-day stress
    and negative affect amplify pain (FM diary studies, Affleck et al. 1996; Zautra et al.
    2005).
    """
    x = y * (1.0 + (p["kappa_A"] * A + p["kappa_H"] * H) * (1.0 - attention_block))
    lam = p["lambda_E"]
    xhat = (x + lam * signal_from_pain(p, E)) / (1.0 + lam)
    return pain_from_signal(p, xhat)


def adjust_intensity(p: Mapping[str, Any], target_pain: float, *, hour: float = 12.0, **state: Any) -> np.ndarray:
    """Stimulus intensity at which the steady-state rating equals ``target_pain`` (0-10).

    Bisection on :func:`steady_state`, per person; the "pain-60" procedure of CPM studies
    (test stimulus individually set to 60/100, Nir & Yarnitsky 2015).
    """
    circ = circadian_factor(p, hour)
    lo = np.zeros(np.broadcast(*[np.asarray(v) for v in state.values()], np.asarray(p["theta_c"])).shape)
    hi = np.ones_like(lo)
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        _, pain = steady_state(p, mid, 0.0, circ=circ, spontaneous=0.0, **state)
        above = pain >= target_pain
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return 0.5 * (lo + hi)


def _gate_and_drive(
    p: Mapping[str, Any], c: ArrayLike, a: ArrayLike, S: ArrayLike, G: ArrayLike, D: ArrayLike,
    spontaneous: float = 1.0,
) -> tuple[ArrayLike, ArrayLike]:
    g = np.maximum(p["g0"] + p["w_ga"] * a - p["w_gc"] * c + p["w_gd"] * D, 0.0)
    # k_sp S: spontaneous activity of sensitised dorsal-horn neurons (ongoing pain); it is
    # felt as the person's ongoing body pain, not at a laboratory test site (spontaneous=0)
    base = G * (c + p["g_A"] * a) + spontaneous * p["k_sp"] * S - p["w_gy"] * g / (1.0 + S / p["S_dis"]) - p["w_D"] * D
    return g, base


def projection_steady(
    p: Mapping[str, Any], c: ArrayLike, a: ArrayLike, S: ArrayLike, G: ArrayLike, D: ArrayLike,
    spontaneous: float = 1.0,
) -> ArrayLike:
    """Steady projection-neuron rate with wind-up, closed form.

    With ``B`` the drive without wind-up, ``y = B + G c kappa_w w`` and (at steady state
    ``z = k_w y``) ``w = k_w y / (1 + k_w y)`` give ``k y^2 + (1 - k B - k G c kappa_w) y - B = 0``; for
    ``B > 0`` the positive root is the state reached from rest, for ``B <= 0`` the neuron
    stays silent (wind-up starts at zero).
    """
    _, B = _gate_and_drive(p, c, a, S, G, D, spontaneous)
    # NMDA facilitation grows with central sensitisation (Latremoliere & Woolf 2009)
    k = p["k_w"] * (1.0 + p["kappa_wS"] * S)
    b = 1.0 - k * B - k * G * c * p["kappa_w"]
    disc = np.sqrt(b * b + 4.0 * k * np.maximum(B, 0.0))
    y = (-b + disc) / (2.0 * k)
    return np.where(B > 0.0, y, 0.0)


def steady_state(
    p: Mapping[str, Any],
    s: ArrayLike,
    a: ArrayLike,
    *,
    S: ArrayLike = 0.0,
    M: ArrayLike = 0.0,
    Sigma: ArrayLike = 0.0,
    D: ArrayLike = 1.0,
    A: ArrayLike = 0.0,
    E: ArrayLike = 0.0,
    L: ArrayLike = 0.0,
    H: ArrayLike = 0.0,
    circ: ArrayLike = 1.0,
    gain_block: ArrayLike = 0.0,
    attention_block: ArrayLike = 0.0,
    spontaneous: float = 1.0,
) -> tuple[ArrayLike, ArrayLike]:
    """Steady state of the fast layer under constant input: ``(y, pain)``.

    ``y`` is the projection-neuron rate (the ascending signal before appraisal) and
    ``pain`` the perceived pain 0-10. Shared by the slow layer for daily pain
    (``spontaneous=1``) and by laboratory tests at a test site (``spontaneous=0``).
    """
    c = nociceptor_input(p, s, L)
    G = central_gain(p, S, M, Sigma, circ, gain_block)
    y = projection_steady(p, c, a, S, G, D, spontaneous)
    return y, perceive(p, y, A, E, attention_block, H)


@dataclass(frozen=True)
class Stimulus:
    """One stimulus of a protocol (times in seconds, intensity and touch 0-1)."""

    time: float
    duration: float
    intensity: float = 0.0
    site: str = "test"
    touch: float = 0.0
    ramp_from: float | None = None
    touch_ramp: bool = False
    #: change of intensity relative to the person's adjusted test intensity (offset-analgesia
    #: steps: +0.1 = 1 degC warmer); with no adjusted intensity it adds to ``intensity``
    step: float = 0.0

    def intensity_at(self, t: np.ndarray) -> np.ndarray:
        """Intensity over time ``t`` (s): constant, or a linear ramp from ``ramp_from``."""
        if self.ramp_from is None:
            return np.full(t.shape, self.intensity)
        frac = np.clip((t - self.time) / self.duration, 0.0, 1.0)
        return self.ramp_from + (self.intensity - self.ramp_from) * frac


@dataclass(frozen=True)
class Cue:
    """A timed expectation cue of a protocol (times in seconds).

    ``strength`` in -1..1: positive = relief is expected (a placebo suggestion, "this cream
    numbs the skin"), negative = more pain is expected (a nocebo suggestion). The cue acts
    through the same two components as the placebo treatment of the slow layer
    (``treatments.placebo.effects``): a shift of the expected pain of the stimulus, mixed
    with the sensory evidence by its precision ``lambda_E`` (non-opioid; Onysk et al. 2024),
    and, for expected relief only, an endogenous-opioid addition to descending inhibition
    that naloxone blocks (Levine et al. 1978; Amanzio & Benedetti 1999). It builds up and
    fades with ``tau_cue``.
    """

    time: float
    duration: float
    strength: float


@dataclass
class ProtocolResult:
    """Time course of a protocol: ``t`` (s), ``pain`` (time x people, 0-10), ``y``, ``d``."""

    t: np.ndarray
    pain: np.ndarray
    y: np.ndarray
    d: np.ndarray
    stimuli: list[Stimulus]

    def window_peak(self, start: float, stop: float) -> np.ndarray:
        """Peak pain per person in ``[start, stop)`` seconds."""
        m = (self.t >= start) & (self.t < stop)
        return self.pain[m].max(axis=0)

    def window_mean(self, start: float, stop: float) -> np.ndarray:
        """Mean pain per person in ``[start, stop)`` seconds."""
        m = (self.t >= start) & (self.t < stop)
        return self.pain[m].mean(axis=0)

    def stimulus_ratings(self, mode: str = "peak", after: float = 2.0) -> np.ndarray:
        """Rating (0-10) of each test-site stimulus: shape (stimuli, people).

        ``peak``: the highest pain from stimulus onset to ``after`` s past its end (phasic
        pulses); ``mean``: the mean over the second half of the stimulus (tonic tests, as
        CPM studies average the test-stimulus rating).
        """
        rows = []
        for st in self.stimuli:
            if st.site != "test":
                continue
            if mode == "mean":
                rows.append(self.window_mean(st.time + st.duration / 2, st.time + st.duration))
            else:
                rows.append(self.window_peak(st.time, st.time + st.duration + after))
        return np.array(rows)


def simulate_protocol(
    p: Mapping[str, Any],
    stimuli: Sequence[Stimulus],
    *,
    state: Mapping[str, ArrayLike] | None = None,
    duration: float | None = None,
    dt: float = 0.01,
    hour: float = 12.0,
    n: int = 1,
    test_intensity: ArrayLike | None = None,
    cues: Sequence[Cue] = (),
    naloxone: bool = False,
) -> ProtocolResult:
    """Integrate the fast ODEs for a stimulus protocol (exponential Euler, step ``dt`` s).

    ``state`` holds the slow state (``S, M, Sigma, D, A, E, L, H, gain_block,
    attention_block``) as scalars or arrays over ``n`` people; ``p`` values may be arrays
    too. The clock time ``hour`` sets the circadian gain. ``test_intensity`` (per person)
    replaces the intensity of every test-site stimulus (pain-60 style adjusted tests).
    ``cues`` are timed expectation cues (:class:`Cue`); their opioid part is blocked by
    ``naloxone`` or by the slow state's ``opioid_block`` (a naloxone treatment that day).
    """
    st = dict(state or {})
    stimuli = sorted(stimuli, key=lambda x: x.time)
    T = duration if duration is not None else max((x.time + x.duration for x in stimuli), default=0) + 5.0
    nt = int(np.ceil(T / dt))
    t = np.arange(nt) * dt
    s_test = np.zeros(nt)
    s_cond = np.zeros(nt)
    touch = np.zeros(nt)
    for x in stimuli:
        m = (t >= x.time) & (t < x.time + x.duration)
        level = x.intensity_at(t[m])
        if x.site == "conditioning":
            s_cond[m] = np.maximum(s_cond[m], level)
        else:
            s_test[m] = np.maximum(s_test[m], level)
            # pressure also drives low-threshold mechanoreceptors in proportion (touch_ramp)
            touch[m] = np.maximum(touch[m], np.maximum(x.touch, level) if x.touch_ramp else x.touch)
    test_on = (s_test > 0).astype(float)
    s_step = np.zeros(nt)
    for x in stimuli:
        if x.step and x.site != "conditioning":
            m = (t >= x.time) & (t < x.time + x.duration)
            s_step[m] = x.step
    if test_intensity is None:
        s_test = np.clip(s_test + s_step * test_on, 0.0, 1.0)
    cue_target = np.zeros(nt)
    for q in cues:
        m = (t >= q.time) & (t < q.time + q.duration)
        cue_target[m] = q.strength
    has_cue = bool(np.any(cue_target != 0.0))
    if has_cue:
        from painscope.model.parameters import treatment_spec

        plac = treatment_spec()["placebo"]["effects"]
        cue_E, cue_opioid = float(plac["E_down"]), float(plac["opioid"])
        block = 1.0 if naloxone else np.asarray(st.get("opioid_block", 0.0), float)
        fq = 1.0 - np.exp(-dt / p["tau_cue"])
    cue = 0.0  # the cue's current level (-1..1)

    S = np.asarray(st.get("S", 0.0), float)
    M = st.get("M", 0.0)
    Sigma = st.get("Sigma", 0.0)
    D = st.get("D", 1.0)
    A = st.get("A", 0.0)
    E = st.get("E", 0.0)
    L = st.get("L", 0.0)
    G = central_gain(p, S, M, Sigma, circadian_factor(p, hour), st.get("gain_block", 0.0))
    shape = np.broadcast(S, G, D, A, E, L, np.asarray(p["theta_c"]), np.asarray(p["kappa_w"]),
                         np.asarray(p["eta_cpm"]), np.zeros(n)).shape
    c = np.zeros(shape)
    cc = np.zeros(shape)
    # temporal contrast (offset analgesia): a lagging memory of the nociceptive (C-fibre) input;
    # when the input falls below it, descending modulation suppresses pain disproportionately
    # (Grill & Coghill 2002; Yelle et al. 2008). Scaled by the person's tonic descending
    # inhibition D relative to a healthy person's D0, since it runs through the same
    # brainstem system (Derbyshire & Osborn 2009).
    mem = np.zeros(shape)
    fm = 1.0 - np.exp(-dt / p["tau_oa"])
    oa_gain = p["k_oa"] * np.maximum(np.asarray(D, float), 0.0) / p["D0_ref"]
    w = np.zeros(shape)
    z = np.zeros(shape)
    y = np.zeros(shape)
    d = np.zeros(shape)
    g = np.maximum(p["g0"] + p["w_gd"] * D, 0.0) + np.zeros(shape)
    fc = 1.0 - np.exp(-dt / p["tau_c"])
    fg = 1.0 - np.exp(-dt / p["tau_g"])
    fy = 1.0 - np.exp(-dt / p["tau_y"])
    fw = dt / p["tau_w"]
    fz = 1.0 - np.exp(-dt / p["tau_r"])
    fd = 1.0 - np.exp(-dt / p["tau_d"])
    inhib = p["w_gy"] / (1.0 + S / p["S_dis"])
    spont = 0.0  # lab test site: spontaneous activity belongs to ongoing body pain (see _gate_and_drive)
    kw = p["k_w"] * (1.0 + p["kappa_wS"] * S)
    step_every = max(1, round(0.05 / dt))
    rec_t, rec_pain, rec_y, rec_d = [], [], [], []
    for i in range(nt):
        ci = nociceptor_input(p, s_test[i] if test_intensity is None
                              else np.clip(test_on[i] * (test_intensity + s_step[i]), 0.0, 1.0), L)
        cci = nociceptor_input(p, s_cond[i], 0.0)
        c += fc * (ci - c)
        cc += fc * (cci - cc)
        if has_cue:
            cue = cue + fq * (cue_target[i] - cue)
        Dt = D + d + (cue_opioid * np.maximum(cue, 0.0) * (1.0 - block) if has_cue else 0.0)
        g += fg * (np.maximum(p["g0"] + p["w_ga"] * touch[i] - p["w_gc"] * c + p["w_gd"] * Dt, 0.0) - g)
        u = G * (c * (1.0 + p["kappa_w"] * w) + p["g_A"] * touch[i]) + spont - inhib * g - p["w_D"] * Dt
        y += fy * (np.maximum(u, 0.0) - y)
        z += fz * (kw * y - z)
        # semi-implicit step: stable however strong the wind-up drive z gets
        w = (w + fw * z) / (1.0 + fw * (z + 1.0))
        d += fd * (p["eta_cpm"] * D * cc - d)
        mem += fm * (c - mem)
        if i % step_every == 0:
            rec_t.append(t[i])
            # a cue shifts the expected pain the sensory evidence is mixed with, as the placebo
            # treatment shifts it over days (E - E_down); a nocebo cue raises it
            E_now = np.clip(E - cue_E * cue, 0.0, 10.0) if has_cue else E
            # relative fall of the noxious input while it continues (ratio c/mem): offset
            # analgesia is pain relief during ongoing stimulation, not after it has ended
            ratio = np.clip(c / np.maximum(mem, 1e-6), 0.0, 1.0)
            y_felt = y * np.maximum(1.0 - oa_gain * (1.0 - ratio) * ratio, 0.0)
            rec_pain.append(perceive(p, y_felt, A, E_now, st.get("attention_block", 0.0), st.get("H", 0.0)))
            rec_y.append(y.copy())
            rec_d.append(d.copy())
    return ProtocolResult(
        t=np.array(rec_t),
        pain=np.array(rec_pain),
        y=np.array(rec_y),
        d=np.array(rec_d),
        stimuli=list(stimuli),
    )
