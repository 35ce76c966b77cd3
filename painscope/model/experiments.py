"""Built-in virtual experiments: one per target row T1-T14 (scenario + read-out).

Each experiment is a set of ordinary scenarios (the same JSON format users write) and a
read-out that turns their results into the figure the target row names. ``run_experiment``
returns ``{"id", "name", "achieved", "target", "tolerance", "pass", "figures", "source"}``.
Cohorts are small where that is honest (effect sizes are stable to +/-0.1 at these sizes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from painscope.model.scenario import ChunkResult, simulate
from painscope.model.stats import hedges_g, lag1_autocorrelation, paired_smd
from painscope.model.trial import Design, arm_windows


@dataclass(frozen=True)
class Experiment:
    id: str
    name: str
    title: str
    target: Any
    tolerance: Any
    source: str
    scenarios: Callable[[], dict[str, dict[str, Any]]]
    readout: Callable[[dict[str, ChunkResult]], tuple[Any, bool, dict[str, Any]]]


#: People in a virtual FM cohort whose system settled out of the high-pain state (everyday
#: pain < 3/10) would not meet FM criteria (ACR 2016 requires ongoing pain); FM-vs-healthy
#: laboratory comparisons use those who do, as clinical samples do.
FM_MIN_PAIN = 3.0


def _fm_mask(res: ChunkResult) -> np.ndarray:
    if res.baseline_pain is not None:
        return np.asarray(res.baseline_pain) >= FM_MIN_PAIN
    return res.pain_true[:, :7].mean(axis=1) >= FM_MIN_PAIN


def _pulses(isi: float, n: int = 5, intensity: float = 0.8, duration: float = 1.0) -> list[dict[str, Any]]:
    return [{"time": 1.0 + k * isi, "duration": duration, "intensity": intensity} for k in range(n)]


#: People per group in the laboratory (fast-layer) experiments T1-T3 and T9. A target row
#: states a population figure (the pooled meta-analyses behind T2/T3, O'Brien et al. 2018,
#: include several hundred people per group), so a virtual experiment should estimate the
#: model's population value with a sampling error well inside the tolerance: the SE of a
#: Hedges g is about sqrt(2 / n) = 0.06 at n = 600 against bands of +/-0.25-0.3. With
#: 80-200 people per group, T1 and T2 flipped with the seed (``painscope.model.robustness``).
LAB_N = 600


# ---------------------------------------------------------------- T1 temporal summation
#: Pulse temperature set per person so that tonic heat at that temperature would be rated
#: this (0-10); the first pulse is then rated moderately (about 50/100, as in Granot et
#: al. 2006), avoiding ceiling effects when groups differ in sensitivity.
TS_ADJUST = 8.5
TS_FIXED = 0.5  # 45 degC pulses; g depends on the temperature (see docs/model.md)
def _t1_scen() -> dict[str, dict[str, Any]]:
    base = {"profile": "healthy", "cohort": {"n": LAB_N}, "seed": 101}
    return {
        "0.33 Hz": {**base, "protocol": {"stimuli": _pulses(3.0), "adjust_test_to": TS_ADJUST}},
        "0.17 Hz": {**base, "protocol": {"stimuli": _pulses(6.0), "adjust_test_to": TS_ADJUST}},
    }


def _t1_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    fig = {}
    for k, res in r.items():
        ratings = res.ratings[0]
        fig[k] = {"first_pulse_0_100": 10 * ratings[0].mean(), "fifth_pulse_0_100": 10 * ratings[-1].mean(),
                  "ratio": ratings[-1].mean() / ratings[0].mean()}
    ratio = fig["0.33 Hz"]["ratio"]
    ok = 1.3 <= ratio <= 1.8 and fig["0.17 Hz"]["ratio"] <= 1.1
    return round(ratio, 3), ok, fig


# ---------------------------------------------------------------- T2 TS FM vs healthy
def _t2_scen() -> dict[str, dict[str, Any]]:
    # the same temperature for everyone, as in most studies pooled by O'Brien et al. 2018
    proto = {"stimuli": _pulses(3.0, intensity=TS_FIXED)}
    return {
        "healthy": {"profile": "healthy", "cohort": {"n": LAB_N}, "seed": 201, "protocol": proto},
        "fibromyalgia": {"profile": "fibromyalgia", "cohort": {"n": LAB_N}, "seed": 202, "protocol": proto},
    }


def _fm_members(r: dict[str, ChunkResult], values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per-person ``values`` by group, the FM group restricted to people meeting FM criteria."""
    return {k: v[_fm_mask(r[k])] if k == "fibromyalgia" else v for k, v in values.items()}


def t2_wind_up(r: dict[str, ChunkResult]) -> dict[str, np.ndarray]:
    """Wind-up (5th - 1st pulse, 0-100) per person and group: the data of T2."""
    return _fm_members(r, {k: 10 * (v.ratings[0][-1] - v.ratings[0][0]) for k, v in r.items()})


def _t2_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    ts = t2_wind_up(r)
    g = hedges_g(ts["fibromyalgia"], ts["healthy"])
    fig = {f"TS_{k}_mean_0_100": float(v.mean()) for k, v in ts.items()} | {"hedges_g": g}
    return round(g, 3), 0.3 <= g <= 0.8, fig


# ---------------------------------------------------------------- T3/T4 CPM
CPM_PROTOCOL = {
    "stimuli": [
        {"time": 0, "duration": 30, "intensity": 0.7},
        {"time": 60, "duration": 60, "intensity": 0.8, "site": "conditioning"},
        {"time": 90, "duration": 30, "intensity": 0.7},
        {"time": 420, "duration": 30, "intensity": 0.7},
    ],
    "adjust_test_to": 6.0,
    "rating": "mean",
    "dt": 0.02,
}


def _cpm_scen(n: int) -> dict[str, dict[str, Any]]:
    return {
        "healthy": {"profile": "healthy", "cohort": {"n": n}, "seed": 301, "protocol": CPM_PROTOCOL},
        "fibromyalgia": {"profile": "fibromyalgia", "cohort": {"n": n}, "seed": 302, "protocol": CPM_PROTOCOL},
    }


def t3_cpm(r: dict[str, ChunkResult]) -> dict[str, np.ndarray]:
    """CPM (test pain before - during conditioning, 0-100) per person and group: the data of T3."""
    return _fm_members(r, {k: 10 * (v.ratings[0][0] - v.ratings[0][1]) for k, v in r.items()})


def _t3_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    cpm = t3_cpm(r)
    g = hedges_g(cpm["healthy"], cpm["fibromyalgia"])
    fig = {f"CPM_{k}_points_0_100": float(v.mean()) for k, v in cpm.items()} | {"hedges_g": g}
    return round(g, 3), 0.3 <= g <= 0.9, fig


def _t4_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    rt = r["healthy"].ratings[0].mean(axis=1)
    during = rt[1] / rt[0] - 1.0
    after = rt[2] / rt[0] - 1.0
    fig = {"test_before_0_100": 10 * rt[0], "test_during_0_100": 10 * rt[1], "test_5min_after_0_100": 10 * rt[2],
           "change_during": during, "change_5min_after": after}
    return round(during, 3), (-0.45 <= during <= -0.20) and after > -0.10, fig


# ---------------------------------------------------------------- T5 gate control
GATE_PROTOCOL = {
    "stimuli": [
        {"time": 0, "duration": 8, "intensity": 0.6},
        {"time": 20, "duration": 8, "intensity": 0.0, "touch": 0.7},
        {"time": 40, "duration": 8, "intensity": 0.6, "touch": 0.7},
        {"time": 60, "duration": 8, "intensity": 0.0},
    ],
    "rating": "mean",
}


def _t5_scen() -> dict[str, dict[str, Any]]:
    return {
        k: {"profile": k, "cohort": {"n": 1, "heterogeneity": 0.0}, "seed": 501, "protocol": GATE_PROTOCOL}
        for k in ("healthy", "fibromyalgia")
    }


def _t5_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    fig = {}
    for k, v in r.items():
        noxious, touch, both, rest = (float(x) for x in v.ratings_true[0][:, 0])
        fig[k] = {"noxious": noxious - rest, "touch_alone": touch - rest, "noxious_with_touch": both - rest,
                  "reduction_by_touch": 1.0 - (both - rest) / max(noxious - rest, 1e-9)}
    h, f = fig["healthy"], fig["fibromyalgia"]
    ok = h["reduction_by_touch"] >= 0.5 and h["touch_alone"] < 0.5 and f["reduction_by_touch"] <= 0.1 and f["touch_alone"] >= 1.0
    return {"healthy_reduction": round(h["reduction_by_touch"], 3), "sensitised_reduction": round(f["reduction_by_touch"], 3),
            "sensitised_touch_alone": round(f["touch_alone"], 2)}, ok, fig


# ---------------------------------------------------------------- T6 HFS decay
HFS_DT = 1.0 / 72.0  # 20-min steps so the 20-min HFS session keeps its length
_T6_TIMES = [9.0 / 24.0] + [(10.0 + 20.0 / 60.0) / 24.0 + k * HFS_DT for k in range(0, 48, 2)]


def _t6_scen() -> dict[str, dict[str, Any]]:
    proto = {"stimuli": [{"time": 0.5, "duration": 1.0, "intensity": 0.65}], "at_days": _T6_TIMES}
    base = {"profile": "healthy", "cohort": {"n": 40}, "seed": 601, "days": 2, "dt": HFS_DT, "protocol": proto}
    hfs = {"type": "stimulation", "start": 10.0 / 24.0, "duration": HFS_DT, "intensity": 1.0}
    return {"hfs": {**base, "events": [hfs]}, "sham": {**base, "events": []}}


def t6_decay(r: dict[str, ChunkResult]) -> dict[str, Any]:
    """The data of T6: minutes after HFS, mean extra pain over sham, the points fitted and the
    log-linear fit ``log(excess) = intercept + slope * minutes``."""
    hfs = np.array([x[0].mean() for x in r["hfs"].ratings_true])
    sham = np.array([x[0].mean() for x in r["sham"].ratings_true])
    excess = (hfs - sham)[1:]
    t_min = (np.array(_T6_TIMES[1:]) - 10.0 / 24.0) * 24 * 60
    m = excess > 0.05 * excess.max()
    slope, intercept = np.polyfit(t_min[m], np.log(excess[m]), 1)
    return {"minutes": t_min, "excess": excess, "fitted": m, "slope": float(slope), "intercept": float(intercept),
            "first_rating": float(hfs[0])}


def _t6_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    d = t6_decay(r)
    excess, m = d["excess"], d["fitted"]
    half = float(np.log(2) / -d["slope"])
    fig = {"peak_increase_0_10": float(excess.max()), "half_life_min": half,
           "points_fitted": int(m.sum()), "baseline_rating_0_10": d["first_rating"]}
    return round(half, 1), 150 <= half <= 400, fig


# ---------------------------------------------------------------- T7 circadian
T7_INTENSITY = 0.55  # 45.5 degC tonic heat, painful for most healthy people
T7_HOURS = np.arange(0, 24, 1.2)  # clock hours of the probes


def _t7_scen() -> dict[str, dict[str, Any]]:
    proto = {"stimuli": [{"time": 0, "duration": 10, "intensity": T7_INTENSITY}], "rating": "mean",
             "at_days": [1.0 + h / 24.0 for h in T7_HOURS]}
    return {"healthy": {"profile": "healthy", "cohort": {"n": 200}, "seed": 701, "days": 2, "protocol": proto}}


def t7_rhythm(r: dict[str, ChunkResult]) -> tuple[np.ndarray, np.ndarray]:
    """The data of T7: mean rating per probe hour and the 24-h harmonic fit ``(b0, b_cos, b_sin)``."""
    y = np.array([x[0].mean() for x in r["healthy"].ratings_true])
    X = np.column_stack([np.ones_like(T7_HOURS), np.cos(2 * np.pi * T7_HOURS / 24), np.sin(2 * np.pi * T7_HOURS / 24)])
    return y, np.linalg.lstsq(X, y, rcond=None)[0]


def _t7_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    _, b = t7_rhythm(r)
    amp = float(np.hypot(b[1], b[2]) / b[0])
    peak = float((np.degrees(np.arctan2(b[2], b[1])) / 360.0 * 24.0) % 24.0)
    dpeak = min(abs(peak - 3.5), 24 - abs(peak - 3.5))
    fig = {"amplitude_fraction": amp, "peak_hour": peak, "trough_hour": (peak + 12) % 24}
    return {"amplitude": round(amp, 3), "peak_hour": round(peak, 2)}, 0.07 <= amp <= 0.15 and dpeak <= 2.0, fig


# ---------------------------------------------------------------- T8 sleep deprivation
#: Tonic heat set per person to a moderate rating (4/10) in the baseline session and
#: repeated at the same temperature the morning after the night (repeated-measures design
#: of the studies pooled by Schrimpf et al. 2015).
SLEEP_PROTOCOL = {"stimuli": [{"time": 0, "duration": 10, "intensity": 0.5}], "rating": "mean",
                  "adjust_test_to": 4.0, "adjust_once": True}


#: Between-group studies (the "between-group ≈ 0.6" of Schrimpf et al. 2015) compare
#: deprived and rested groups at one fixed temperature, so people's own sensitivity adds to
#: the spread; the same night read out that way (45.5 degC tonic heat, as T7).
SLEEP_FIXED_PROTOCOL = {"stimuli": [{"time": 0, "duration": 10, "intensity": T7_INTENSITY}], "rating": "mean"}
T8_GROUP_N = 300


def _t8_scen() -> dict[str, dict[str, Any]]:
    proto = {**SLEEP_PROTOCOL, "at_days": [2 + 9 / 24, 4 + 9 / 24]}
    base = {"profile": "healthy", "cohort": {"n": 80}, "days": 6, "protocol": proto}
    night = [{"type": "sleep_loss", "start": 3, "nights": 1, "hours": 0}]
    fixed = {"profile": "healthy", "cohort": {"n": T8_GROUP_N}, "days": 6,
             "protocol": {**SLEEP_FIXED_PROTOCOL, "at_days": [4 + 9 / 24]}}
    return {
        "deprived": {**base, "seed": 801, "events": night},
        "control": {**base, "seed": 802, "events": []},
        "deprived_fixed": {**fixed, "seed": 803, "events": night},
        "control_fixed": {**fixed, "seed": 804, "events": []},
    }


def _t8_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    before, after = (x[0] for x in r["deprived"].ratings)
    dz = paired_smd(after, before)
    g = hedges_g(after, r["control"].ratings[1][0])
    g_fixed = hedges_g(r["deprived_fixed"].ratings[0][0], r["control_fixed"].ratings[0][0])
    fig = {"within_subject_smd": dz, "between_group_g": g, "between_group_g_fixed_temperature": g_fixed,
           "rating_before_0_10": float(before.mean()), "rating_after_0_10": float(after.mean())}
    return round(dz, 3), 0.8 <= dz <= 2.2, fig


# ---------------------------------------------------------------- T9 PPT
PPT_PROTOCOL = {"stimuli": [{"time": 0, "duration": 2, "intensity": 0.0, "touch": 0.3},
                            {"time": 2, "duration": 60, "intensity": 1.0, "ramp_from": 0.0, "touch": 0.3,
                             "touch_ramp": True}],
                "rating": "peak", "record": True, "dt": 0.02}


def _t9_scen() -> dict[str, dict[str, Any]]:
    return {k: {"profile": k, "cohort": {"n": LAB_N}, "seed": 900 + i, "protocol": PPT_PROTOCOL}
            for i, k in enumerate(("healthy", "fibromyalgia"))}


def threshold_from_trace(res: ChunkResult, index: int = 0, rise: float = 1.0) -> np.ndarray:
    """Intensity (0-1) of a ramp at which pain first rises ``rise`` points above the pre-ramp rating."""
    tr = res.traces[index]
    st = tr.stimuli[-1]
    rest = tr.pain[(tr.t >= st.time - 1.0) & (tr.t < st.time)].mean(axis=0)  # probe in contact
    above = tr.pain >= rest + rise
    above &= (tr.t >= st.time)[:, None]
    idx = np.where(above.any(axis=0), above.argmax(axis=0), len(tr.t) - 1)
    return np.asarray(st.intensity_at(tr.t[idx]))


def t9_thresholds(r: dict[str, ChunkResult]) -> dict[str, np.ndarray]:
    """Pressure pain threshold (ramp intensity 0-1) per person and group: the data of T9."""
    return _fm_members(r, {k: threshold_from_trace(v) for k, v in r.items()})


def _t9_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    ppt = t9_thresholds(r)
    change = float(ppt["fibromyalgia"].mean() / ppt["healthy"].mean() - 1.0)
    fig = {"PPT_healthy_kPa_nominal": 1000 * ppt["healthy"].mean(), "PPT_fibromyalgia_kPa_nominal": 1000 * ppt["fibromyalgia"].mean(),
           "relative_change": change, "hedges_g": hedges_g(ppt["fibromyalgia"], ppt["healthy"])}
    return round(change, 3), -0.65 <= change <= -0.30, fig


# ---------------------------------------------------------------- T10 HRV
def _t10_scen() -> dict[str, dict[str, Any]]:
    return {k: {"profile": k, "cohort": {"n": 300}, "seed": 1000 + i, "days": 14}
            for i, k in enumerate(("healthy", "fibromyalgia"))}


def t10_hrv(r: dict[str, ChunkResult]) -> dict[str, np.ndarray]:
    """Mean morning lnRMSSD of days 7-14 per person and group: the data of T10."""
    return _fm_members(r, {k: v.hrv[:, 7:].mean(axis=1) for k, v in r.items()})


def _t10_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    hrv = t10_hrv(r)
    g = hedges_g(hrv["fibromyalgia"], hrv["healthy"])
    fig = {"lnRMSSD_healthy": float(hrv["healthy"].mean()), "lnRMSSD_fibromyalgia": float(hrv["fibromyalgia"].mean()), "hedges_g": g}
    return round(g, 3), -0.7 <= g <= -0.2, fig


# ---------------------------------------------------------------- T11 chronification
T11_INJURY = {"type": "injury", "start": 10, "duration": 14, "severity": 0.7}
T11_STRESS = {"type": "stress", "start": 10, "duration": 90, "level": 0.8}


def _t11_scen() -> dict[str, dict[str, Any]]:
    med = {"cohort": {"n": 1, "heterogeneity": 0.0}, "seed": 1101}
    return {
        "healthy_injury": {**med, "profile": "healthy", "days": 130, "events": [T11_INJURY]},
        "vulnerable_injury": {**med, "profile": "vulnerable", "days": 130, "events": [T11_INJURY]},
        "vulnerable_stress": {**med, "profile": "vulnerable", "days": 200, "events": [T11_STRESS]},
        "healthy_stress": {**med, "profile": "healthy", "days": 200, "events": [T11_STRESS]},
        "vulnerable_no_event": {**med, "profile": "vulnerable", "days": 200, "events": []},
    }


def _t11_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    def at(k: str, day: int) -> float:
        return float(r[k].pain_true[0, day - 3 : day + 4].mean())

    fig = {
        "healthy_injury_day90_after": at("healthy_injury", 114),
        "healthy_injury_peak": float(r["healthy_injury"].pain_true[0].max()),
        "vulnerable_injury_day90_after": at("vulnerable_injury", 114),
        "vulnerable_stress_day90_after": at("vulnerable_stress", 190),
        "healthy_stress_day90_after": at("healthy_stress", 190),
        "vulnerable_no_event_day190": at("vulnerable_no_event", 190),
    }
    ok = (fig["healthy_injury_day90_after"] < 1.0 and fig["vulnerable_injury_day90_after"] >= 4.0
          and fig["vulnerable_stress_day90_after"] >= 4.0 and fig["vulnerable_no_event_day190"] < 1.0)
    return {k: round(v, 2) for k, v in fig.items() if "day90" in k}, ok, fig


# ---------------------------------------------------------------- T12 duloxetine RCT
RCT_N = 1000
BASE_DAYS = 7
TREAT_DAYS = 84


def _rct_arm(seed: int, treatments: list[str], dose: dict[str, float] | None = None) -> dict[str, Any]:
    evs = [{"type": "treatment", "name": t, "start": BASE_DAYS, "stop": BASE_DAYS + TREAT_DAYS,
            **({"dose": dose[t]} if dose and t in dose else {})} for t in treatments]
    return {"profile": "fibromyalgia", "cohort": {"n": RCT_N}, "seed": seed, "days": BASE_DAYS + TREAT_DAYS, "events": evs}


def _t12_scen() -> dict[str, dict[str, Any]]:
    return {"duloxetine": _rct_arm(1201, ["duloxetine", "placebo"], {"duloxetine": 60}),
            "placebo": _rct_arm(1202, ["placebo"])}


#: Read-out of the trials T12/T13 (as ``painscope model trial``): a baseline week, the final
#: week, entry at baseline pain >= 4/10 (the usual FM trial criterion, Lunn et al. 2014).
TRIAL_DESIGN = Design(baseline_days=BASE_DAYS, final_days=7, entry_min=4.0)


def _trial_weeks(res: ChunkResult) -> tuple[np.ndarray, np.ndarray]:
    """Baseline-week and final-week mean diary pain of the people who meet entry."""
    return arm_windows(res.pain, TRIAL_DESIGN)


def _t12_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    fig = {}
    for k, v in r.items():
        b, f = _trial_weeks(v)
        fig[k] = {"n_enrolled": int(b.size), "baseline": float(b.mean()), "final": float(f.mean()),
                  "responders_50pct": float(np.mean(f <= 0.5 * b))}
    diff = fig["placebo"]["final"] - fig["duloxetine"]["final"]
    fig["mean_difference"] = diff
    rd, rp = fig["duloxetine"]["responders_50pct"], fig["placebo"]["responders_50pct"]
    ok = 0.28 <= rd <= 0.45 and 0.15 <= rp <= 0.30 and 0.5 <= diff <= 1.5
    return {"responders_drug": round(rd, 3), "responders_placebo": round(rp, 3), "mean_difference": round(diff, 2)}, ok, fig


# ---------------------------------------------------------------- T13 CBT
def _t13_scen() -> dict[str, dict[str, Any]]:
    return {"cbt": _rct_arm(1301, ["cbt"]), "control": _rct_arm(1302, [])}


def _t13_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    _, fc = _trial_weeks(r["cbt"])
    _, fu = _trial_weeks(r["control"])
    g = hedges_g(fc, fu)
    fig = {"final_cbt": float(fc.mean()), "final_control": float(fu.mean()), "difference_points": float(fc.mean() - fu.mean()), "smd": g}
    return round(g, 3), -0.45 <= g <= -0.15, fig


# ---------------------------------------------------------------- T14 diary variability
def _t14_scen() -> dict[str, dict[str, Any]]:
    return {"fibromyalgia": {"profile": "fibromyalgia", "cohort": {"n": 200}, "seed": 1401, "days": 90}}


def t14_diaries(r: dict[str, ChunkResult]) -> np.ndarray:
    """Diary pain (people x days) of the FM cohort members meeting FM criteria: the data of T14."""
    return r["fibromyalgia"].pain[_fm_mask(r["fibromyalgia"])]


def _t14_read(r: dict[str, ChunkResult]) -> tuple[Any, bool, dict[str, Any]]:
    pain = t14_diaries(r)
    sd = pain.std(axis=1, ddof=1)
    ac = lag1_autocorrelation(pain)
    fig = {"within_person_sd_mean": float(sd.mean()), "within_person_sd_sd": float(sd.std(ddof=1)),
           "lag1_autocorrelation_mean": float(np.nanmean(ac)), "mean_pain": float(pain.mean()), "n": int(pain.shape[0])}
    ok = 1.1 <= sd.mean() <= 2.1 and np.nanmean(ac) >= 0.1
    return {"within_person_sd": round(float(sd.mean()), 3), "lag1_autocorrelation": round(float(np.nanmean(ac)), 3)}, ok, fig


EXPERIMENTS: dict[str, Experiment] = {e.id: e for e in [
    Experiment("T1", "temporal_summation", "Temporal summation of second pain, 5 heat pulses", "5th/1st ≈ 1.5 at 0.33 Hz; ≤ 1.1 at 0.17 Hz",
               [1.3, 1.8], "Staud et al. 2007; Granot et al. 2006", _t1_scen, _t1_read),
    Experiment("T2", "temporal_summation_fm", "Temporal summation, FM vs healthy (Hedges g)", 0.53, [0.3, 0.8],
               "O'Brien et al. 2018 J Pain", _t2_scen, _t2_read),
    Experiment("T3", "cpm_fm", "Conditioned pain modulation, FM vs healthy (g, weaker in FM)", 0.57, [0.3, 0.9],
               "O'Brien et al. 2018 J Pain", lambda: _cpm_scen(LAB_N), _t3_read),
    Experiment("T4", "cpm_magnitude", "CPM magnitude in healthy people (pain-60 test)", "≈ -30 % during; < -10 % 5 min after",
               [-0.45, -0.20], "heat-cold CPM studies (BMC Neurol 2016, 2017)", lambda: {"healthy": _cpm_scen(120)["healthy"]}, _t4_read),
    Experiment("T5", "gate_control", "Gate control and allodynia", "touch halves moderate pain (healthy); no relief and touch-evoked pain (sensitised)",
               "qualitative", "Melzack & Wall 1965; Argüello et al.", _t5_scen, _t5_read),
    Experiment("T6", "hfs_decay", "Decay of HFS-induced hyperalgesia (half-life, min)", 255, [150, 400],
               "J Neurophysiol 2025 (PMID 40354167)", _t6_scen, _t6_read),
    Experiment("T7", "circadian", "Daily rhythm of pain sensitivity", "±11 %, peak 03-04 h", "amplitude 0.07-0.15, peak ±2 h",
               "Daguet et al. 2022; Crodelle et al. 2019", _t7_scen, _t7_read),
    Experiment("T8", "sleep_deprivation", "One night of total sleep deprivation (within-subject SMD)", 1.5, [0.8, 2.2],
               "Schrimpf et al. 2015 Sleep Med", _t8_scen, _t8_read),
    Experiment("T9", "pressure_pain_threshold", "Pressure pain threshold, FM vs healthy (relative change)", -0.5, [-0.65, -0.30],
               "Wolfe et al. 1990; meta-analytic PPT data", _t9_scen, _t9_read),
    Experiment("T10", "hrv", "Vagal HRV (lnRMSSD), FM vs healthy (Hedges g)", -0.4, [-0.7, -0.2],
               "Koenig et al. 2016; Cheng et al. 2020", _t10_scen, _t10_read),
    Experiment("T11", "chronification", "Chronification with hysteresis (injury, stress)", "healthy recovers; vulnerable ≥ 4/10 at day 90 after",
               "qualitative", "conceptual models; persistent post-injury pain cohorts", _t11_scen, _t11_read),
    Experiment("T12", "duloxetine_rct", "Duloxetine 60 mg 12-week RCT in FM", "responders 36.6 % vs 23.3 %; difference ≈ 1 point",
               {"responders_drug": [0.28, 0.45], "responders_placebo": [0.15, 0.30], "mean_difference": [0.5, 1.5]},
               "Lunn et al. 2014 Cochrane", _t12_scen, _t12_read),
    Experiment("T13", "cbt", "CBT in FM, end of treatment (SMD)", -0.29, [-0.45, -0.15],
               "Bernardy et al. 2013 Cochrane", _t13_scen, _t13_read),
    Experiment("T14", "diary_variability", "Day-to-day variability of FM diaries", "SD 1.61 ± 0.66; lag-1 autocorrelation > 0",
               {"within_person_sd": [1.1, 2.1], "lag1_autocorrelation": "> 0.1"}, "FM e-diary trial data (Arthritis Rheum 2005)", _t14_scen, _t14_read),
]}


def format_value(v: Any) -> str:
    """An achieved value, target or tolerance in one short line (the CLI table, figure titles)."""
    if isinstance(v, dict):
        return ", ".join(f"{k}={format_value(x)}" for k, x in v.items())
    if isinstance(v, list):
        return "-".join(format_value(x) for x in v)
    if isinstance(v, float):
        return f"{v:.3g}"
    return str(v)


def find_experiment(name: str) -> Experiment:
    """Look an experiment up by id (``T3``) or name (``cpm_fm``)."""
    for e in EXPERIMENTS.values():
        if name.lower() in (e.id.lower(), e.name.lower()):
            return e
    raise KeyError(f"unknown experiment {name!r}; known: {', '.join(f'{e.id} ({e.name})' for e in EXPERIMENTS.values())}")


def run_experiment(name: str, *, seed_offset: int = 0) -> dict[str, Any]:
    """Run one built-in experiment and return its figures and pass/fail.

    ``seed_offset`` shifts every scenario's seed (other virtual people, same design): a
    target that passes only for the built-in seeds is sampling noise, not a mechanism
    (see :mod:`painscope.model.robustness`).
    """
    return run_experiment_with_results(name, seed_offset=seed_offset)[0]


def run_experiment_with_results(name: str, *, seed_offset: int = 0) -> tuple[dict[str, Any], dict[str, ChunkResult]]:
    """:func:`run_experiment` plus the raw results of its scenarios (for figures)."""
    exp = find_experiment(name)
    results = {k: simulate({**sc, "seed": int(sc.get("seed", 0)) + seed_offset}) for k, sc in exp.scenarios().items()}
    achieved, ok, figures = exp.readout(results)
    return ({"id": exp.id, "name": exp.name, "title": exp.title, "achieved": achieved, "target": exp.target,
             "tolerance": exp.tolerance, "pass": bool(ok), "figures": figures, "source": exp.source}, results)


def validate_all(ids: list[str] | None = None, *, seed_offset: int = 0) -> list[dict[str, Any]]:
    """Run every target experiment (or those in ``ids``), seeds shifted by ``seed_offset``."""
    return [run_experiment(i, seed_offset=seed_offset) for i in (ids or list(EXPERIMENTS))]
