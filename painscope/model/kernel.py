"""Compiled slow-layer step loop: one day of Euler-Maruyama for a block of patients.

:func:`advance_day` is the production engine behind :func:`painscope.model.slow.integrate`.
It does, patient by patient in one fused loop, the arithmetic of
:func:`~painscope.model.slow.instant_pain`, :func:`~painscope.model.slow.targets`,
:func:`~painscope.model.slow.combine_effects`, :func:`~painscope.model.slow.sleep_hours_mean`
and :func:`~painscope.model.slow.sleep_deficit` (the readable reference; a test checks the two
agree), with the same operations in the same order, in float64 and without ``fastmath`` (so
IEEE semantics: no reassociation, no fused multiply-add). Results equal the NumPy reference up
to the last bits of ``exp``/``pow``/``sqrt`` (libm here, NumPy's SIMD routines there).

Each patient is independent of every other (one loop iteration per patient, never vectorised
across patients), so a patient's numbers do not depend on the block it is integrated in; the
kernel releases the GIL, so blocks run in parallel on a thread pool.

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

    Terms that cannot change between two steps are computed once (the same operations on
    the same numbers give the same result): the parameter reads, the effect terms when
    there is no treatment, and the nociceptor-input terms while that input is unchanged.
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
    lv = np.empty(n_trt)
    k0 = day * spd
    lo_S2, lo_H, lo_V, lo_D, lo_A, lo_X, lo_F = lo[_S2], lo[_H], lo[_V], lo[_D], lo[_A], lo[_X], lo[_F]
    hi_S2, hi_H, hi_V, hi_D, hi_A, hi_X, hi_F = hi[_S2], hi[_H], hi[_V], hi[_D], hi[_A], hi[_X], hi[_F]
    for i in range(n):
        # parameters of this patient
        s_bg, s_inj, k_flare, theta_c, kappa_L = P[i, _S_BG], P[i, _S_INJ], P[i, _K_FLARE], P[i, _THETA_C], P[i, _KAPPA_L]
        k_S1, c0_S1, tau_S1, S1_max = P[i, _K_S1], P[i, _C0_S1], P[i, _TAU_S1], P[i, _S1_MAX]
        g0, w_ga, a_bg, w_gc, g_A, w_gd = P[i, _G0_GATE], P[i, _W_GA], P[i, _A_BG], P[i, _W_GC], P[i, _G_A], P[i, _W_GD]
        k_sp, w_gy, S_dis, w_D = P[i, _K_SP], P[i, _W_GY], P[i, _S_DIS], P[i, _W_D]
        G0, kappa_M, kappa_Sigma = P[i, _G0], P[i, _KAPPA_M], P[i, _KAPPA_SIGMA]
        k_w, kappa_wS, kappa_w, kappa_A, kappa_H = P[i, _K_W], P[i, _KAPPA_WS], P[i, _KAPPA_W], P[i, _KAPPA_A], P[i, _KAPPA_H]
        K_pain, n_pain, lam, inv_n, K_n = P[i, _K_PAIN], P[i, _N_PAIN], P[i, _LAMBDA_E], P[i, _INV_N], P[i, _K_N]
        a_S2, theta_S2, w_S2, k_S2M, tau_S2 = P[i, _A_S2], P[i, _THETA_S2], P[i, _W_S2], P[i, _K_S2M], P[i, _TAU_S2]
        Z0, k_HP, k_HA = P[i, _Z0], P[i, _K_HP], P[i, _K_HA]
        D0, k_DV, k_DH, k_DX = P[i, _D0], P[i, _K_DV], P[i, _K_DH], P[i, _K_DX]
        X0, k_XA, k_XP, K_XT, flare_capacity = P[i, _X0], P[i, _K_XA], P[i, _K_XP], P[i, _K_XT], P[i, _FLARE_CAPACITY]
        V0, k_VH, k_VSigma, k_VX = P[i, _V0], P[i, _K_VH], P[i, _K_VSIGMA], P[i, _K_VX]
        A0, k_AP, k_MS, k_MSigma, k_MHR, k_O = P[i, _A0], P[i, _K_AP], P[i, _K_MS], P[i, _K_MSIGMA], P[i, _K_MHR], P[i, _K_O]
        h_need, k_hP, k_hH = P[i, _H_NEED], P[i, _K_HP_SLEEP], P[i, _K_HH]
        sleep_sd, hrv_sd, report_sd = P[i, _SLEEP_SD], P[i, _HRV_SD], P[i, _REPORT_SD]
        r_M, r_H, r_R, r_Sigma, r_V, r_D = P[i, _R_M], P[i, _R_H], P[i, _R_R], P[i, _R_SIGMA], P[i, _R_V], P[i, _R_D]
        r_A, r_X, r_E, r_L, r_O, r_F, r_T = P[i, _R_A], P[i, _R_X], P[i, _R_E], P[i, _R_L], P[i, _R_O], P[i, _R_F], P[i, _R_T]
        noise_H, noise_F = P[i, _NOISE_H], P[i, _NOISE_F]
        circ_row = i if circ.shape[0] > 1 else 0
        # state of this patient
        S1, S2, M, H, R = x[i, _S1], x[i, _S2], x[i, _M], x[i, _H], x[i, _R]
        Sigma, V, D, A, X = x[i, _SIGMA], x[i, _V], x[i, _D], x[i, _A], x[i, _X]
        E, L, O, T, F = x[i, _E], x[i, _L], x[i, _O], x[i, _T], x[i, _F]  # noqa: E741
        for t in range(n_trt):
            lv[t] = levels[i, t]
        dl = delta[i]
        pain_sum = 0.0
        # effect terms (recomputed every step only under treatment)
        gain_down = A_down = attention_down = opioid_block = 0.0
        e_D_up = e_sleep_h_up = e_E_down = e_opioid = e_V_up = e_X_up = 0.0
        unblocked = 1.0 - opioid_block
        gain_keep = 1.0 - gain_down
        att_keep = 1.0 - attention_down
        A_base = A0 * (1.0 - A_down)
        decay = (1.0 + eff[_S2_DECAY_UP]) / tau_S2
        S2_rate = dt / (1.0 / decay)
        # nociceptor-input terms, recomputed when the input changes (NaN: not yet computed)
        s_last = L_last = stim_last = np.nan
        c = g_c = c_a = S1_target = S1_rate = 0.0
        for j in range(spd):
            k = k0 + j
            # -- treatment levels (first-order on/off towards dose factor x response), effects
            if n_trt > 0:
                for t in range(n_trt):
                    target = trt_factor[t, k] * trt_resp[i, t]
                    r = rate_on[t] if target > lv[t] else rate_off[t]
                    lv[t] = lv[t] + r * (target - lv[t])
                for m in range(n_mech):
                    acc = 0.0
                    for t in range(n_trt):
                        acc = acc + W[t, m] * lv[t]
                    eff[m] = acc
                e_D_up, e_sleep_h_up, e_E_down = eff[_D_UP], eff[_SLEEP_H_UP], eff[_E_DOWN]
                e_opioid, e_V_up, e_X_up = eff[_OPIOID], eff[_V_UP], eff[_X_UP]
                gain_down = min(max(eff[_GAIN_DOWN], 0.0), 0.9)
                A_down = min(max(eff[_A_DOWN], 0.0), 0.9)
                attention_down = min(max(eff[_ATTENTION_DOWN], 0.0), 1.0)
                opioid_block = min(max(eff[_OPIOID_BLOCK], 0.0), 1.0)
                unblocked = 1.0 - opioid_block
                gain_keep = 1.0 - gain_down
                att_keep = 1.0 - attention_down
                A_base = A0 * (1.0 - A_down)
                decay = (1.0 + eff[_S2_DECAY_UP]) / tau_S2
                S2_rate = dt / (1.0 / decay)
            inj = injury[k]
            ex = exercise[k]
            stim = stimulation[k]
            # -- instant_pain: nociceptor input, gain, projection steady state, perception
            excess = max(ex - flare_capacity * X, 0.0)
            s_in = s_bg + s_inj * inj + k_flare * excess
            if s_in != s_last or L_last != L or stim != stim_last:
                s_last, L_last, stim_last = s_in, L, stim
                theta = theta_c * (1.0 - kappa_L * min(max(L, 0.0), 1.0))
                c = max(s_in - theta, 0.0) / (1.0 - theta)
                if stim != 0.0:
                    theta0 = theta_c * (1.0 - kappa_L * 0.0)
                    c = c + max(stim - theta0, 0.0) / (1.0 - theta0)
                g_c = g0 + w_ga * a_bg - w_gc * c
                c_a = c + g_A * a_bg
                q1 = k_S1 * max(c - c0_S1, 0.0) * tau_S1
                S1_target = S1_max * q1 / (1.0 + q1)
                S1_rate = min(dt / (tau_S1 / (1.0 + q1)), 1.0)
            D_tot = D + (O + e_opioid) * unblocked
            S = S1 + S2
            G = G0 * (1.0 + S) * (1.0 + kappa_M * M) * (1.0 + kappa_Sigma * Sigma) * circ[circ_row, j] * gain_keep
            g = max(g_c + w_gd * D_tot, 0.0)
            B = G * c_a + k_sp * S - w_gy * g / (1.0 + S / S_dis) - w_D * D_tot
            kk = k_w * (1.0 + kappa_wS * S)
            b = 1.0 - kk * B - kk * G * c * kappa_w
            disc = np.sqrt(b * b + 4.0 * kk * max(B, 0.0))
            y = (-b + disc) / (2.0 * kk) if B > 0.0 else 0.0
            sig = y * np.exp(F) * (1.0 + (kappa_A * A + kappa_H * H) * att_keep)
            q = min(max(max(E - e_E_down, 0.0), 0.0), 9.9) / 10.0
            # NumPy computes a power of a scalar 0.5 or 2 as sqrt or square: so do we
            xE = K_pain * (np.sqrt(q / (1.0 - q)) if inv_n == 0.5 else (q / (1.0 - q)) ** inv_n)
            xhat = max((sig + lam * xE) / (1.0 + lam), 0.0)
            xn = xhat * xhat if n_pain == 2.0 else xhat ** n_pain
            pain = 10.0 * xn / (xn + K_n)
            # -- outputs of the step (state at its start)
            if cap_steps.size:
                for ci in range(cap_steps.size):
                    if cap_steps[ci] == j:
                        snap = (S1, S2, M, H, R, Sigma, V, D, A, X, E, L, O, T, F)
                        for s in range(15):
                            cap_x[ci, i, s] = snap[s]
                        for t in range(n_trt):
                            cap_levels[ci, i, t] = lv[t]
            if waking[j]:
                pain_sum += pain
            if j == night_step:
                hours = h_need - k_hP * (pain_sum / n_wake) - k_hH * H + e_sleep_h_up + sleep_sd * np.float64(noise[spd, i])
                if not np.isnan(sleep_cap):
                    hours = min(hours, sleep_cap)
                dl = min(max((h_need - hours) / h_need, 0.0), 1.0)
            if j == morning_step:
                out_hrv[i, day] = V + hrv_sd * np.float64(noise[spd + 2, i])
            if j == record_step:
                snap = (S1, S2, M, H, R, Sigma, V, D, A, X, E, L, O, T, F)
                for s in range(15):
                    rec[i, s] = snap[s]
            # -- targets (all from the state at the start of the step) and the Euler step
            st = stress[k]
            Z = Z0 if np.isnan(st) else max(st, Z0)
            P10 = pain / 10.0
            consolidation = a_S2 / (1.0 + np.exp(-(y - theta_S2) / w_S2)) * (1.0 + k_S2M * M)
            D_target = D0 * (1.0 + k_DV * (V - 3.7)) - k_DH * H + k_DX * (X - 1.0) + e_D_up
            X_target = X0 * (1.0 - k_XA * A - k_XP * P10) + K_XT * T + e_X_up
            V_target = V0 - k_VH * H - k_VSigma * Sigma + k_VX * (X - 1.0) + e_V_up
            n_S1 = S1 + S1_rate * (S1_target - S1)
            n_S2 = S2 + S2_rate * (consolidation / decay - S2)
            n_M = M + r_M * (k_MS * S1 + k_MSigma * Sigma + k_MHR * H * R - M)
            n_H = H + r_H * (Z + k_HP * P10 + k_HA * A - H)
            n_R = R + r_R * (min(H, 1.0) - R)
            n_Sigma = Sigma + r_Sigma * (dl - Sigma)
            n_V = V + r_V * (V_target - V)
            n_D = D + r_D * (max(D_target, -0.5) - D)
            n_A = A + r_A * (A_base + k_AP * P10 - A)
            n_X = X + r_X * (max(X_target, 0.05) - X)
            n_E = E + r_E * (pain - E)
            n_L = L + r_L * (inj - L)
            n_O = O + r_O * (k_O * eih[k] - O)
            n_T = T + r_T * (ex * bout_scale - T)
            n_F = F + r_F * (0.0 - F)
            # process noise (float32 draws scaled in float64), then the range clamps
            n_H += np.float64(noise[j, i]) * noise_H
            n_F += np.float64(noise[spd + 3 + j, i]) * noise_F
            S1, M, R, Sigma, E, L, O, T = n_S1, n_M, n_R, n_Sigma, n_E, n_L, n_O, n_T  # noqa: E741
            S2 = min(max(n_S2, lo_S2), hi_S2)
            H = min(max(n_H, lo_H), hi_H)
            V = min(max(n_V, lo_V), hi_V)
            D = min(max(n_D, lo_D), hi_D)
            A = min(max(n_A, lo_A), hi_A)
            X = min(max(n_X, lo_X), hi_X)
            F = min(max(n_F, lo_F), hi_F)
        mean_pain = pain_sum / n_wake
        out_true[i, day] = mean_pain
        out_pain[i, day] = min(max(mean_pain + report_sd * np.float64(noise[spd + 1, i]), 0.0), 10.0)
        snap = (S1, S2, M, H, R, Sigma, V, D, A, X, E, L, O, T, F)
        for s in range(15):
            x[i, s] = snap[s]
        for t in range(n_trt):
            levels[i, t] = lv[t]
        delta[i] = dl
