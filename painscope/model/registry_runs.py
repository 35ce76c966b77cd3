"""Virtual experiments of the target registry beyond T1-T14 (see ``targets.json``).

Each function runs ordinary scenarios (the format users write) and returns
``(value, passed, figures)``. The read-outs follow the design each source reports; where
the model has no way to express a protocol (a timed expectation cue, minutes of acute
stress), the function says so and the target fails: it is never skipped.

Which of these the calibration may read is decided by ``targets.json`` (``set``), not here;
:func:`painscope.model.registry.calibration_ids` is the only list calibration code uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from painscope.model.scenario import simulate
from painscope.model.stats import hedges_g, paired_smd
from painscope.model.trial import Design, run_trial

Result = tuple[Any, bool, dict[str, Any]]
TRIAL_N = 400
WEEKS12 = 84
BASE = 7


def _arm(seed: int, treatments: list[tuple[str, float | None]] = (), extra: list[dict] = (), *,
         profile: str = "fibromyalgia", days: int = BASE + WEEKS12, stop: int | None = None,
         n: int = TRIAL_N) -> dict[str, Any]:
    evs = [{"type": "treatment", "name": t, "start": BASE, **({"stop": stop} if stop else {}),
            **({"dose": d} if d else {})} for t, d in treatments]
    return {"profile": profile, "cohort": {"n": n}, "days": days, "seed": seed, "events": evs + list(extra)}


def _comparison(arms: dict[str, dict], control: str, design: Design | None = None) -> dict[str, Any]:
    out = run_trial(arms, control=control, design=design or Design(BASE, 7, 4.0))
    (c,) = [c for c in out["comparisons"] if c["control"] == control]
    return {"comparison": c, "arms": out["arms"]}


# ------------------------------------------------------------------ treatment trials
def pregabalin_vs_placebo(off: int) -> Result:
    r = _comparison({"pregabalin": _arm(3001 + off, [("placebo", None), ("pregabalin", 450)]),
                     "placebo": _arm(3002 + off, [("placebo", None)])}, "placebo")
    g = r["comparison"]["hedges_g"]
    return round(g, 3), -0.45 <= g <= -0.15, r


def exercise_vs_control(off: int) -> Result:
    bouts = [{"type": "exercise", "start": BASE, "every": 2, "dose": 0.6, "kind": "aerobic"}]
    r = _comparison({"exercise": _arm(3011 + off, [("graded_activity", None)], bouts), "none": _arm(3012 + off)}, "none")
    d = r["comparison"]["final_difference"]
    return round(d, 2), -1.76 <= d <= -0.45, r


def duloxetine_120_vs_60(off: int) -> Result:
    r = _comparison({"120": _arm(3021 + off, [("placebo", None), ("duloxetine", 120)]),
                     "60": _arm(3021 + off, [("placebo", None), ("duloxetine", 60)])}, "60")
    d = r["comparison"]["final_difference"]
    return round(d, 2), -0.4 <= d <= 0.1, r


def naloxone_blocks_part_of_placebo(off: int) -> Result:
    none = _arm(3031 + off)
    plac = _arm(3031 + off, [("placebo", None)])
    nalo = _arm(3031 + off, [("placebo", None), ("naloxone", None)])
    finals = {k: float(simulate(s).pain[:, -7:].mean()) for k, s in (("none", none), ("placebo", plac), ("naloxone", nalo))}
    effect = finals["none"] - finals["placebo"]
    blocked = (finals["naloxone"] - finals["placebo"]) / effect if effect > 0 else float("nan")
    ok = bool(np.isfinite(blocked) and 0.2 <= blocked <= 0.8)
    return round(blocked, 3), ok, finals


def untreated_fm_stays(off: int) -> Result:
    r = run_trial({"none": _arm(3041 + off), "again": _arm(3042 + off)}, control="again")
    ch = max(abs(a["change_mean"]) for a in r["arms"].values())
    return round(ch, 3), ch < 0.5, r["arms"]


def placebo_vs_no_treatment(off: int) -> Result:
    r = _comparison({"placebo": _arm(3051 + off, [("placebo", None)]), "none": _arm(3052 + off)}, "none")
    g = r["comparison"]["hedges_g"]
    return round(g, 3), -0.45 <= g <= -0.10, r


def mindfulness_vs_control(off: int) -> Result:
    r = _comparison({"mindfulness": _arm(3061 + off, [("mindfulness", None)], stop=BASE + 56),
                     "control": _arm(3062 + off)}, "control")
    g = r["comparison"]["hedges_g"]
    return round(g, 3), -0.5 <= g <= -0.15, r


def cbt_durability(off: int) -> Result:
    """CBT for 12 weeks, then 6 months without it: the effect at follow-up over the one at the end."""
    days = BASE + WEEKS12 + 182
    cbt = simulate(_arm(3071 + off, [("cbt", None)], stop=BASE + WEEKS12, days=days))
    ctl = simulate(_arm(3072 + off, days=days))
    end = slice(BASE + WEEKS12 - 7, BASE + WEEKS12)
    fu = slice(days - 7, days)
    g_end = hedges_g(cbt.pain[:, end].mean(axis=1), ctl.pain[:, end].mean(axis=1))
    g_fu = hedges_g(cbt.pain[:, fu].mean(axis=1), ctl.pain[:, fu].mean(axis=1))
    ratio = g_fu / g_end if g_end < 0 else float("nan")
    return round(ratio, 3), bool(np.isfinite(ratio) and 0.7 <= ratio <= 1.6), {"g_end": g_end, "g_followup": g_fu}


def untreated_arm_regression_to_mean(off: int) -> Result:
    """An untreated arm enrolled at baseline pain >= 4: change of the enrolled over 12 weeks."""
    out = run_trial({"none": _arm(3081 + off), "again": _arm(3082 + off)}, control="again")
    ch = float(np.mean([a["change_mean"] for a in out["arms"].values()]))
    return round(ch, 3), -0.8 <= ch <= -0.15, out["arms"]


# ------------------------------------------------------------------ population and levels
def _injury_cohort(seed: int, severity: float, profile: str = "healthy", n: int = 400) -> Any:
    return simulate({"profile": profile, "cohort": {"n": n}, "days": 150, "seed": seed,
                     "events": [{"type": "injury", "start": 10, "duration": 14, "severity": severity}]})


def _three_months(res: Any) -> np.ndarray:
    end = 24
    return res.pain_true[:, end + 90 - 7: end + 90 + 7].mean(axis=1)


def persistent_pain_after_injury(off: int) -> Result:
    p = _three_months(_injury_cohort(3101 + off, 0.7))
    share = float(np.mean(p >= 4.0))
    return round(share, 3), 0.01 <= share <= 0.15, {"share_ge4_at_3_months": share}


def persistence_grows_with_severity(off: int) -> Result:
    shares = {s: float(np.mean(_three_months(_injury_cohort(3111 + off, s)) >= 3.0)) for s in (0.3, 0.6, 1.0)}
    vals = [shares[s] for s in (0.3, 0.6, 1.0)]
    ok = vals[0] < vals[1] < vals[2] and vals[2] >= 2 * max(vals[0], 0.005)
    return {str(k): round(v, 3) for k, v in shares.items()}, ok, shares


def injury_pain_graded(off: int) -> Result:
    during = {}
    for s in (0.3, 1.0):
        res = _injury_cohort(3121 + off, s, n=200)
        during[s] = float(res.pain_true[:, 13:24].mean())
    ok = during[1.0] - during[0.3] >= 2.0 and during[0.3] <= 5.0
    return {"mild": round(during[0.3], 2), "severe": round(during[1.0], 2)}, ok, during


def mild_persistent_pain_exists(off: int) -> Result:
    p = _three_months(_injury_cohort(3131 + off, 0.8, profile="vulnerable"))
    hurting = p[p >= 1.0]
    share = float(np.mean(hurting < 4.0)) if hurting.size else float("nan")
    return round(share, 3), bool(np.isfinite(share) and share >= 0.5), {"n_with_pain": int(hurting.size)}


def vulnerable_without_events(off: int) -> Result:
    res = simulate({"profile": "vulnerable", "cohort": {"n": 400}, "days": 182, "seed": 3141 + off})
    share = float(np.mean(res.pain_true[:, -14:].mean(axis=1) > 4.0))
    return round(share, 3), share < 0.15, {}


def _fm_baselines(seed: int) -> np.ndarray:
    res = simulate(_arm(seed, n=1000, days=14))
    b = res.pain[:, :7].mean(axis=1)
    return b[b >= 4.0]


def fm_trial_baseline_mean(off: int) -> Result:
    b = _fm_baselines(3151 + off)
    return round(float(b.mean()), 2), 5.8 <= float(b.mean()) <= 7.2, {"n": int(b.size)}


def fm_trial_baseline_sd(off: int) -> Result:
    b = _fm_baselines(3151 + off)
    sd = float(b.std(ddof=1))
    return round(sd, 2), 1.0 <= sd <= 2.0, {"n": int(b.size)}


def clbp_level(off: int) -> Result:
    res = simulate({"profile": "chronic_low_back_pain", "cohort": {"n": 400}, "days": 28, "seed": 3161 + off})
    m = float(res.pain[:, 7:].mean())
    return round(m, 2), 4.5 <= m <= 6.5, {}


# ------------------------------------------------------------------ laboratory
def _rating_after_bout(profile: str, kind: str | None, seed: int, dose: float = 1.0) -> np.ndarray:
    proto = {"stimuli": [{"time": 0, "duration": 10, "intensity": 0.55}], "rating": "mean", "at_days": [2 + 11.5 / 24]}
    evs = [{"type": "exercise", "start": 2, "dose": dose, "kind": kind}] if kind else []
    res = simulate({"profile": profile, "cohort": {"n": 300}, "days": 3, "seed": seed, "events": evs, "protocol": proto})
    return res.ratings[0][0]


def eih_healthy_present_fm_reversed(off: int) -> Result:
    h0, h1 = _rating_after_bout("healthy", None, 3201 + off), _rating_after_bout("healthy", "aerobic", 3201 + off)
    f0, f1 = _rating_after_bout("fibromyalgia", None, 3202 + off), _rating_after_bout("fibromyalgia", "aerobic", 3202 + off)
    ok = h1.mean() < h0.mean() - 0.1 and f1.mean() >= f0.mean()
    return {"healthy_change": round(float(h1.mean() - h0.mean()), 2), "fm_change": round(float(f1.mean() - f0.mean()), 2)}, bool(ok), {}


def eih_aerobic_size(off: int) -> Result:
    before = _rating_after_bout("healthy", None, 3211 + off)
    after = _rating_after_bout("healthy", "aerobic", 3211 + off)
    d = -paired_smd(after, before)
    return round(d, 3), 0.2 <= d <= 0.8, {}


def eih_isometric_beats_aerobic(off: int) -> Result:
    base = _rating_after_bout("healthy", None, 3221 + off)
    d = {k: -paired_smd(_rating_after_bout("healthy", k, 3221 + off), base) for k in ("aerobic", "isometric")}
    return {k: round(v, 3) for k, v in d.items()}, d["isometric"] > d["aerobic"] + 0.2, d


OA_PROTOCOL = {"stimuli": [{"time": 0, "duration": 10, "intensity": 0.6},
                           {"time": 10, "duration": 20, "intensity": 0.6, "step": -0.1}],
               "adjust_test_to": 5.0, "record": True}


def oa_response(profile: str, seed: int) -> np.ndarray:
    """Offset-analgesia response per person as Oudejans et al. 2015 read it: heat set to a
    rating of 5/10, then 1 degC cooler; the fall from the rating before the step to the lowest
    rating after it, as a share of the rating before."""
    tr = simulate({"profile": profile, "cohort": {"n": 300}, "seed": seed, "protocol": OA_PROTOCOL}).traces[0]
    before = tr.window_mean(7, 10)
    low = tr.pain[(tr.t >= 10) & (tr.t < 30)].min(axis=0)
    return (before - low) / np.maximum(before, 1e-9)


def offset_analgesia_healthy(off: int) -> Result:
    r = float(oa_response("healthy", 3231 + off).mean())
    return round(r, 3), 0.8 <= r <= 1.0, {}


def offset_analgesia_reduced_in_fm(off: int) -> Result:
    h = float(oa_response("healthy", 3232 + off).mean())
    f = float(oa_response("fibromyalgia", 3233 + off).mean())
    ratio = f / h
    return round(ratio, 3), 0.5 <= ratio <= 0.85, {"healthy": h, "fibromyalgia": f}


def _cue_rating(seed: int, strength: float | None, naloxone: bool = False) -> np.ndarray:
    proto = {"stimuli": [{"time": 30, "duration": 20, "intensity": 0.6}], "rating": "mean", "adjust_test_to": 6.0,
             "naloxone": naloxone}
    if strength is not None:
        proto["cues"] = [{"time": 0, "duration": 60, "strength": strength}]
    return simulate({"profile": "healthy", "cohort": {"n": 300}, "seed": seed, "protocol": proto}).ratings_true[0][0]


def placebo_cue_is_opioid(off: int) -> Result:
    none, cue, nal = _cue_rating(3241 + off, None), _cue_rating(3241 + off, 1.0), _cue_rating(3241 + off, 1.0, True)
    relief = float(none.mean() - cue.mean())
    blocked = float((nal.mean() - cue.mean()) / relief) if relief > 0 else float("nan")
    ok = relief >= 0.2 and np.isfinite(blocked) and blocked >= 0.5
    return {"relief": round(relief, 2), "blocked_by_naloxone": round(blocked, 2)}, bool(ok), {}


def nocebo_cue(off: int) -> Result:
    rise = float(_cue_rating(3251 + off, -1.0).mean() - _cue_rating(3251 + off, None).mean())
    return round(rise, 2), rise >= 0.2, {}


def between_group_sleep_deprivation(off: int) -> Result:
    from painscope.model.experiments import run_experiment

    r = run_experiment("T8", seed_offset=off)
    g = r["figures"].get("between_group_g_fixed_temperature")
    if g is None:
        return None, False, {"note": "T8 did not report a between-group g"}
    return round(float(g), 3), 0.3 <= float(g) <= 0.9, {}


def ppt_spread(off: int) -> Result:
    from painscope.model.experiments import run_experiment_with_results, t9_thresholds

    _, res = run_experiment_with_results("T9", seed_offset=off)
    th = t9_thresholds(res)
    g = hedges_g(th["fibromyalgia"], th["healthy"])
    return round(g, 3), -2.0 <= g <= -0.8, {}


def not_expressible(what: str) -> Callable[[int], Result]:
    def run(off: int) -> Result:
        return None, False, {"note": f"the model cannot run this yet: {what}"}

    return run


RUNS: dict[str, Callable[[int], Result]] = {
    "C15": pregabalin_vs_placebo,
    "C16": exercise_vs_control,
    "C17": duloxetine_120_vs_60,
    "C18": naloxone_blocks_part_of_placebo,
    "C19": untreated_fm_stays,
    "C20": persistent_pain_after_injury,
    "C21": vulnerable_without_events,
    "C22": fm_trial_baseline_mean,
    "C23": fm_trial_baseline_sd,
    "C24": eih_healthy_present_fm_reversed,
    "V01": placebo_vs_no_treatment,
    "V02": mindfulness_vs_control,
    "V03": cbt_durability,
    "V04": untreated_arm_regression_to_mean,
    "V05": persistence_grows_with_severity,
    "V06": injury_pain_graded,
    "V07": mild_persistent_pain_exists,
    "V08": clbp_level,
    "V09": eih_aerobic_size,
    "V10": eih_isometric_beats_aerobic,
    "C25": offset_analgesia_healthy,
    "V11": offset_analgesia_reduced_in_fm,
    "V12": between_group_sleep_deprivation,
    "V13": ppt_spread,
    "V14": placebo_cue_is_opioid,
    "V15": nocebo_cue,
    "V16": not_expressible("stress events last days; no minutes-scale acute stress in protocols"),
    "V17": not_expressible("no minutes-scale stress effect on descending modulation"),
    "V18": not_expressible("conditioning trains: short-term sensitisation does not depend on repetition within a session"),
}
