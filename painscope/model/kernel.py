"""Compiled slow-layer step loop: one day of Euler-Maruyama for a block of patients.

:func:`advance_day` is the production engine behind :func:`painscope.model.slow.integrate`.
It does, in one fused loop body per patient and step, the arithmetic of
:func:`~painscope.model.slow.instant_pain`, :func:`~painscope.model.slow.targets`,
:func:`~painscope.model.slow.combine_effects`, :func:`~painscope.model.slow.sleep_hours_mean`
and :func:`~painscope.model.slow.sleep_deficit` (the readable reference; a test checks the two
agree), with the same operations in the same order, in float64 and without ``fastmath`` (so
IEEE semantics: no reassociation, no fused multiply-add). Results equal the NumPy reference up
to the last bits of ``exp`` (libm here, NumPy's SIMD routines there); NumPy's scalar-exponent
shortcuts (``** 0.5`` as ``sqrt``, ``** 2`` as a square) are kept.

Each patient's arithmetic involves no other patient (patients only share the loop), so a
patient's numbers do not depend on the block it is integrated in or on its place in a tile;
the kernel releases the GIL, so blocks run in parallel on a thread pool.

Per-patient parameters are columns of a float64 matrix ``P`` of shape ``(n, len(PARAMS))``
(:func:`param_matrix`): a parameter that is a scalar for the whole cohort is simply repeated,
so the kernel never cares which ones heterogeneity turned into arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numba import njit

#: Order of the states in the kernel's state matrix (``slow.STATES``; checked by slow.py).
STATE_ORDER = ("S1", "S2", "M", "H", "R", "Sigma", "V", "D", "A", "X", "E", "L", "O", "T", "F")
#: States clamped to their range after every step (``slow.NOISY_OR_UNBOUNDED``; checked by slow.py).
CLAMPED = ("S2", "H", "V", "D", "A", "X", "F")
#: Treatment mechanisms in the order of the columns of the weight matrix (``slow.Effects``).
MECHANISMS = (
    "D_up", "gain_down", "sleep_h_up", "A_down", "E_down", "opioid", "opioid_block", "attention_down",
    "V_up", "X_up", "S2_decay_up",
)
#: Parameters read from ``Patients.p`` as they are.
RAW_PARAMS = (
    "s_bg", "s_inj", "k_flare", "theta_c", "kappa_L", "k_S1", "c0_S1", "tau_S1", "S1_max",
    "g0", "w_ga", "a_bg", "w_gc", "g_A", "w_gd", "k_sp", "w_gy", "S_dis", "w_D",
    "G0", "kappa_M", "kappa_Sigma", "k_w", "kappa_wS", "kappa_w", "kappa_A", "kappa_H",
    "K_pain", "n_pain", "lambda_E", "a_S2", "theta_S2", "w_S2", "k_S2M", "tau_S2",
    "Z0", "k_HP", "k_HA", "D0", "k_DV", "k_DH", "k_DX", "X0", "k_XA", "k_XP",
    "V0", "k_VH", "k_VSigma", "k_VX", "A0", "k_AP", "k_MS", "k_MSigma", "k_MHR", "k_O",
    "h_need", "k_hP", "k_hH", "sleep_sd_h", "hrv_sd", "report_sd",
)
#: States whose relaxation rate ``dt / tau_<state>`` is step-invariant (S1 and S2 depend on the step).
RATE_STATES = ("M", "H", "R", "Sigma", "V", "D", "A", "X", "E", "L", "O", "F")
#: Every column of ``P``: the raw parameters, then terms computed once per block.
PARAMS = (
    *RAW_PARAMS, "inv_n_pain", "K_n", *(f"rate_{k}" for k in RATE_STATES), "rate_T", "noise_H", "noise_F",
    "flare_capacity", "K_XT",
)

# column indices (module constants: numba compiles them in)
(
    _S_BG, _S_INJ, _K_FLARE, _THETA_C, _KAPPA_L, _K_S1, _C0_S1, _TAU_S1, _S1_MAX,
    _G0_GATE, _W_GA, _A_BG, _W_GC, _G_A, _W_GD, _K_SP, _W_GY, _S_DIS, _W_D,
    _G0, _KAPPA_M, _KAPPA_SIGMA, _K_W, _KAPPA_WS, _KAPPA_W, _KAPPA_A, _KAPPA_H,
    _K_PAIN, _N_PAIN, _LAMBDA_E, _A_S2, _THETA_S2, _W_S2, _K_S2M, _TAU_S2,
    _Z0, _K_HP, _K_HA, _D0, _K_DV, _K_DH, _K_DX, _X0, _K_XA, _K_XP,
    _V0, _K_VH, _K_VSIGMA, _K_VX, _A0, _K_AP, _K_MS, _K_MSIGMA, _K_MHR, _K_O,
    _H_NEED, _K_HP_SLEEP, _K_HH, _SLEEP_SD, _HRV_SD, _REPORT_SD,
    _INV_N, _K_N, _R_M, _R_H, _R_R, _R_SIGMA, _R_V, _R_D, _R_A, _R_X, _R_E, _R_L, _R_O, _R_F,
    _R_T, _NOISE_H, _NOISE_F, _FLARE_CAPACITY, _K_XT,
) = range(len(PARAMS))
# state indices
_S1, _S2, _M, _H, _R, _SIGMA, _V, _D, _A, _X, _E, _L, _O, _T, _F = range(len(STATE_ORDER))
# mechanism indices
(_D_UP, _GAIN_DOWN, _SLEEP_H_UP, _A_DOWN, _E_DOWN, _OPIOID, _OPIOID_BLOCK, _ATTENTION_DOWN,
 _V_UP, _X_UP, _S2_DECAY_UP) = range(len(MECHANISMS))


def param_matrix(
    p: Mapping[str, Any], n: int, *, dt: float, tau_T: float, flare_capacity: float, k_XT: float,
) -> np.ndarray:
    """``P[i, j]``: patient ``i``'s value of :data:`PARAMS` ``[j]`` (scalars repeated).

    The derived columns are computed here with NumPy exactly as the reference functions
    compute them (``1 / n_pain``, ``K_pain ** n_pain``, ``dt / tau``, noise scales).
    """
    sqdt = np.sqrt(dt)
    derived = [
        1.0 / p["n_pain"],
        p["K_pain"] ** p["n_pain"],
        *(dt / p[f"tau_{k}"] for k in RATE_STATES),
        dt / tau_T,
        p["sigma_H"] * sqdt,
        p["sigma_F"] * np.sqrt(2.0 / p["tau_F"]) * sqdt,  # stationary SD of F is sigma_F
        flare_capacity,
        k_XT,
    ]
    P = np.empty((n, len(PARAMS)))
    for j, v in enumerate([*(p[k] for k in RAW_PARAMS), *derived]):
        P[:, j] = v
    return P


def effect_weights(names: Sequence[str], spec: Mapping[str, Any]) -> np.ndarray:
    """``W[t, m]``: weight of mechanism :data:`MECHANISMS` ``[m]`` for treatment ``names[t]``."""
    W = np.zeros((len(names), len(MECHANISMS)))
    for t, name in enumerate(names):
        for mech, weight in spec[name]["effects"].items():
            W[t, MECHANISMS.index(mech)] = float(weight)
    return W


#: Patients advanced together, step by step (a tile). Their chains of dependent operations
#: (divisions, sqrt, exp) are independent, so the processor overlaps them, and their rows of
#: ``P`` stay in cache: measured ~17 % faster than one patient at a time through the day
#: (tiles of 16: ~5 %; 128 and 256: as 64).
TILE = 64


@njit(nogil=True, cache=True)
def advance_day(
    day: int, dt: float, P: np.ndarray, circ: np.ndarray, x: np.ndarray, levels: np.ndarray,
    delta: np.ndarray, W: np.ndarray, trt_factor: np.ndarray, trt_resp: np.ndarray,
    rate_on: np.ndarray, rate_off: np.ndarray, injury: np.ndarray, exercise: np.ndarray,
    stimulation: np.ndarray, eih: np.ndarray, stress: np.ndarray, bout_scale: float, sleep_cap: float,
    waking: np.ndarray, night_step: int, morning_step: int, record_step: int,
    lo: np.ndarray, hi: np.ndarray, noise: np.ndarray,
    out_pain: np.ndarray, out_true: np.ndarray, out_hrv: np.ndarray, rec: np.ndarray,
    cap_steps: np.ndarray, cap_x: np.ndarray, cap_levels: np.ndarray,
) -> None:  # pragma: no cover - compiled (numba); checked against the reference by tests
    """Advance every patient of a block through day ``day`` (steps ``day*spd .. day*spd+spd-1``).

    Updated in place: ``x`` (n, 15) states in :data:`STATE_ORDER`, ``levels`` (n, treatments)
    effect levels, ``delta`` (n,) the sleep deficit of the last night. Written: column ``day``
    of ``out_pain``/``out_true``/``out_hrv`` (n, days) float32; ``rec`` (n, 15) the states at
    ``record_step`` (< 0: not recorded); ``cap_x``/``cap_levels`` the states (start of the step)
    and effect levels at each step ``cap_steps[c]`` of this day (a lab probe).

    Inputs per step (whole run, indexed by the global step): ``injury``, ``exercise``,
    ``stimulation``, ``eih``, ``stress`` (NaN: everyday level), ``trt_factor`` (treatments,
    steps) dose factors; ``circ`` (1 or n, spd) circadian factor of each step of the day;
    ``noise`` (2 spd + 3, n) float32: H noise per step, sleep, report, HRV, F noise per step.
    After every step the states of :data:`CLAMPED` are clamped to ``[lo, hi]`` (arrays
    over all states; the others' Euler step cannot leave their range).

    Patients are advanced :data:`TILE` at a time, step by step. Terms that cannot change
    between two steps are computed once (the same operations on the same numbers give the
    same result): the effect terms when there is no treatment, and the nociceptor-input
    terms while that input is unchanged.
    """
    n = x.shape[0]
    spd = circ.shape[1]
    n_trt = levels.shape[1]
    n_mech = W.shape[1]
    n_wake = 0
    for j in range(spd):
        if waking[j]:
            n_wake += 1
    eff = np.zeros(n_mech)
    # per patient of a tile: cached nociceptor-input terms and their key, S2 decay, pain sum
    key = np.empty((TILE, 3))
    cterm = np.empty((TILE, 5))
    s2 = np.empty((TILE, 2))
    pain_sum = np.empty(TILE)
    k0 = day * spd
    for i0 in range(0, n, TILE):
        i1 = min(i0 + TILE, n)
        for i in range(i0, i1):
            b = i - i0
            key[b, 0] = key[b, 1] = key[b, 2] = np.nan  # NaN: not yet computed
            pain_sum[b] = 0.0
            decay = (1.0 + 0.0) / P[i, _TAU_S2]  # no treatment: S2_decay_up = 0
            s2[b, 0] = decay
            s2[b, 1] = dt / (1.0 / decay)
        for j in range(spd):
            k = k0 + j
            inj = injury[k]
            ex = exercise[k]
            stim = stimulation[k]
            eih_k = eih[k]
            st = stress[k]
            for i in range(i0, i1):
                b = i - i0
                S1, S2, M, H, R = x[i, _S1], x[i, _S2], x[i, _M], x[i, _H], x[i, _R]
                Sigma, V, D, A, X = x[i, _SIGMA], x[i, _V], x[i, _D], x[i, _A], x[i, _X]
                E, L, O, T, F = x[i, _E], x[i, _L], x[i, _O], x[i, _T], x[i, _F]  # noqa: E741
                # -- treatment levels (first-order on/off towards dose factor x response), effects
                if n_trt > 0:
                    for t in range(n_trt):
                        target = trt_factor[t, k] * trt_resp[i, t]
                        lv = levels[i, t]
                        r = rate_on[t] if target > lv else rate_off[t]
                        levels[i, t] = lv + r * (target - lv)
                    for m in range(n_mech):
                        acc = 0.0
                        for t in range(n_trt):
                            acc = acc + W[t, m] * levels[i, t]
                        eff[m] = acc
                    e_D_up, e_sleep_h_up, e_E_down = eff[_D_UP], eff[_SLEEP_H_UP], eff[_E_DOWN]
                    e_opioid, e_V_up, e_X_up = eff[_OPIOID], eff[_V_UP], eff[_X_UP]
                    gain_down = min(max(eff[_GAIN_DOWN], 0.0), 0.9)
                    A_down = min(max(eff[_A_DOWN], 0.0), 0.9)
                    attention_down = min(max(eff[_ATTENTION_DOWN], 0.0), 1.0)
                    opioid_block = min(max(eff[_OPIOID_BLOCK], 0.0), 1.0)
                    decay = (1.0 + eff[_S2_DECAY_UP]) / P[i, _TAU_S2]
                    S2_rate = dt / (1.0 / decay)
                else:
                    e_D_up = e_sleep_h_up = e_E_down = e_opioid = e_V_up = e_X_up = 0.0
                    gain_down = A_down = attention_down = opioid_block = 0.0
                    decay = s2[b, 0]
                    S2_rate = s2[b, 1]
                # -- instant_pain: nociceptor input, gain, projection steady state, perception
                excess = max(ex - P[i, _FLARE_CAPACITY] * X, 0.0)
                s_in = P[i, _S_BG] + P[i, _S_INJ] * inj + P[i, _K_FLARE] * excess
                if key[b, 0] != s_in or key[b, 1] != L or key[b, 2] != stim:
                    key[b, 0], key[b, 1], key[b, 2] = s_in, L, stim
                    theta = P[i, _THETA_C] * (1.0 - P[i, _KAPPA_L] * min(max(L, 0.0), 1.0))
                    c = max(s_in - theta, 0.0) / (1.0 - theta)
                    if stim != 0.0:
                        theta0 = P[i, _THETA_C] * (1.0 - P[i, _KAPPA_L] * 0.0)
                        c = c + max(stim - theta0, 0.0) / (1.0 - theta0)
                    q1 = P[i, _K_S1] * max(c - P[i, _C0_S1], 0.0) * P[i, _TAU_S1]
                    cterm[b, 0] = c
                    cterm[b, 1] = P[i, _G0_GATE] + P[i, _W_GA] * P[i, _A_BG] - P[i, _W_GC] * c
                    cterm[b, 2] = c + P[i, _G_A] * P[i, _A_BG]
                    cterm[b, 3] = P[i, _S1_MAX] * q1 / (1.0 + q1)
                    cterm[b, 4] = min(dt / (P[i, _TAU_S1] / (1.0 + q1)), 1.0)
                c, g_c, c_a, S1_target, S1_rate = cterm[b, 0], cterm[b, 1], cterm[b, 2], cterm[b, 3], cterm[b, 4]
                D_tot = D + (O + e_opioid) * (1.0 - opioid_block)
                S = S1 + S2
                G = (P[i, _G0] * (1.0 + S) * (1.0 + P[i, _KAPPA_M] * M) * (1.0 + P[i, _KAPPA_SIGMA] * Sigma)
                     * circ[i if circ.shape[0] > 1 else 0, j] * (1.0 - gain_down))
                g = max(g_c + P[i, _W_GD] * D_tot, 0.0)
                B = G * c_a + P[i, _K_SP] * S - P[i, _W_GY] * g / (1.0 + S / P[i, _S_DIS]) - P[i, _W_D] * D_tot
                kk = P[i, _K_W] * (1.0 + P[i, _KAPPA_WS] * S)
                bq = 1.0 - kk * B - kk * G * c * P[i, _KAPPA_W]
                disc = np.sqrt(bq * bq + 4.0 * kk * max(B, 0.0))
                y = (-bq + disc) / (2.0 * kk) if B > 0.0 else 0.0
                sig = y * np.exp(F) * (1.0 + (P[i, _KAPPA_A] * A + P[i, _KAPPA_H] * H) * (1.0 - attention_down))
                q = min(max(max(E - e_E_down, 0.0), 0.0), 9.9) / 10.0
                # NumPy computes a power with a scalar exponent 0.5 or 2 as sqrt or square: so do we
                inv_n = P[i, _INV_N]
                xE = P[i, _K_PAIN] * (np.sqrt(q / (1.0 - q)) if inv_n == 0.5 else (q / (1.0 - q)) ** inv_n)
                lam = P[i, _LAMBDA_E]
                xhat = max((sig + lam * xE) / (1.0 + lam), 0.0)
                n_pain = P[i, _N_PAIN]
                xn = xhat * xhat if n_pain == 2.0 else xhat ** n_pain
                pain = 10.0 * xn / (xn + P[i, _K_N])
                # -- outputs of the step (state at its start)
                for ci in range(cap_steps.size):
                    if cap_steps[ci] == j:
                        for s in range(15):
                            cap_x[ci, i, s] = x[i, s]
                        for t in range(n_trt):
                            cap_levels[ci, i, t] = levels[i, t]
                if waking[j]:
                    pain_sum[b] += pain
                if j == night_step:
                    hours = (P[i, _H_NEED] - P[i, _K_HP_SLEEP] * (pain_sum[b] / n_wake) - P[i, _K_HH] * H + e_sleep_h_up
                             + P[i, _SLEEP_SD] * np.float64(noise[spd, i]))
                    if not np.isnan(sleep_cap):
                        hours = min(hours, sleep_cap)
                    delta[i] = min(max((P[i, _H_NEED] - hours) / P[i, _H_NEED], 0.0), 1.0)
                if j == morning_step:
                    out_hrv[i, day] = V + P[i, _HRV_SD] * np.float64(noise[spd + 2, i])
                if j == record_step:
                    for s in range(15):
                        rec[i, s] = x[i, s]
                # -- targets (all from the state at the start of the step) and the Euler step
                Z = P[i, _Z0] if np.isnan(st) else max(st, P[i, _Z0])
                P10 = pain / 10.0
                consolidation = (P[i, _A_S2] / (1.0 + np.exp(-(y - P[i, _THETA_S2]) / P[i, _W_S2]))
                                 * (1.0 + P[i, _K_S2M] * M))
                D_target = P[i, _D0] * (1.0 + P[i, _K_DV] * (V - 3.7)) - P[i, _K_DH] * H + P[i, _K_DX] * (X - 1.0) + e_D_up
                X_target = P[i, _X0] * (1.0 - P[i, _K_XA] * A - P[i, _K_XP] * P10) + P[i, _K_XT] * T + e_X_up
                V_target = P[i, _V0] - P[i, _K_VH] * H - P[i, _K_VSIGMA] * Sigma + P[i, _K_VX] * (X - 1.0) + e_V_up
                A_target = P[i, _A0] * (1.0 - A_down) + P[i, _K_AP] * P10
                new_S1 = S1 + S1_rate * (S1_target - S1)
                new_S2 = S2 + S2_rate * (consolidation / decay - S2)
                new_M = M + P[i, _R_M] * (P[i, _K_MS] * S1 + P[i, _K_MSIGMA] * Sigma + P[i, _K_MHR] * H * R - M)
                new_H = H + P[i, _R_H] * (Z + P[i, _K_HP] * P10 + P[i, _K_HA] * A - H)
                new_R = R + P[i, _R_R] * (min(H, 1.0) - R)
                new_Sigma = Sigma + P[i, _R_SIGMA] * (delta[i] - Sigma)
                new_V = V + P[i, _R_V] * (V_target - V)
                new_D = D + P[i, _R_D] * (max(D_target, -0.5) - D)
                new_A = A + P[i, _R_A] * (A_target - A)
                new_X = X + P[i, _R_X] * (max(X_target, 0.05) - X)
                new_E = E + P[i, _R_E] * (pain - E)
                new_L = L + P[i, _R_L] * (inj - L)
                new_O = O + P[i, _R_O] * (P[i, _K_O] * eih_k - O)
                new_T = T + P[i, _R_T] * (ex * bout_scale - T)
                new_F = F + P[i, _R_F] * (0.0 - F)
                # process noise (float32 draws scaled in float64), then the range clamps
                new_H += np.float64(noise[j, i]) * P[i, _NOISE_H]
                new_F += np.float64(noise[spd + 3 + j, i]) * P[i, _NOISE_F]
                x[i, _S1] = new_S1
                x[i, _S2] = min(max(new_S2, lo[_S2]), hi[_S2])
                x[i, _M] = new_M
                x[i, _H] = min(max(new_H, lo[_H]), hi[_H])
                x[i, _R] = new_R
                x[i, _SIGMA] = new_Sigma
                x[i, _V] = min(max(new_V, lo[_V]), hi[_V])
                x[i, _D] = min(max(new_D, lo[_D]), hi[_D])
                x[i, _A] = min(max(new_A, lo[_A]), hi[_A])
                x[i, _X] = min(max(new_X, lo[_X]), hi[_X])
                x[i, _E] = new_E
                x[i, _L] = new_L
                x[i, _O] = new_O
                x[i, _T] = new_T
                x[i, _F] = min(max(new_F, lo[_F]), hi[_F])
        for i in range(i0, i1):
            mean_pain = pain_sum[i - i0] / n_wake
            out_true[i, day] = mean_pain
            out_pain[i, day] = min(max(mean_pain + P[i, _REPORT_SD] * np.float64(noise[spd + 1, i]), 0.0), 10.0)
