"""Whole virtual populations behave like the people they stand for (not only the T1-T14 rows).

Population figures the model is held to (docs/model.md, "Population checks"):

* pain-free adults stay pain-free without events: spontaneous chronification of a healthy
  person within months is rare (annual incidence of chronic pain in adults about 8 %, most
  of it after an injury or illness - Elliott et al. 1999 Lancet);
* a pain-free but vulnerable population drifts into persistent pain only slowly without a
  trigger (incidence of chronic widespread pain over 15 months 6-12 % in people with high
  psychosocial risk scores, McBeth et al. 2001 Arthritis Rheum);
* a fibromyalgia population has moderate-to-severe, fairly stationary everyday pain: mean
  baseline pain of FM trial cohorts about 6-7/10 (Arnold et al. 2004; the duloxetine trials
  of Lunn et al. 2014), few people below 3/10 (ongoing pain is part of the diagnosis), and no
  drift of the untreated mean over months (placebo-arm changes are expectation effects).
"""

from __future__ import annotations

import numpy as np
import pytest

from painscope.model.scenario import run_chunk, validate_scenario

N = 400


def _pain(profile: str, days: int, seed: int) -> np.ndarray:
    sc = validate_scenario({"profile": profile, "cohort": {"n": N, "heterogeneity": 1.0}, "days": days, "seed": seed})
    return run_chunk(sc, 0, N).pain_true


@pytest.mark.parametrize("seed", [11, 12])
def test_healthy_people_stay_pain_free_without_events(seed):
    last_month = _pain("healthy", 180, seed)[:, -30:].mean(axis=1)
    assert last_month.mean() < 0.5
    assert (last_month > 4.0).mean() < 0.03


def test_vulnerable_people_drift_into_pain_only_slowly_without_a_trigger():
    pain = _pain("vulnerable", 180, 13)
    assert (pain[:, :30].mean(axis=1) > 4.0).mean() < 0.03
    assert (pain[:, -30:].mean(axis=1) > 4.0).mean() < 0.15


def test_fibromyalgia_population_has_steady_moderate_to_severe_pain():
    pain = _pain("fibromyalgia", 120, 14)
    person = pain.mean(axis=1)
    assert 5.5 <= person.mean() <= 7.8
    assert (person < 3.0).mean() < 0.10
    assert 0.8 <= person.std() <= 2.5  # people differ (trial baselines SD about 1.5)
    assert abs(pain[:, -30:].mean() - pain[:, :30].mean()) < 0.5


def _after_injury(profile: str, severity: float) -> tuple[float, float]:
    sc = validate_scenario({"profile": profile, "cohort": {"n": 300}, "days": 130, "seed": 9,
                            "events": [{"type": "injury", "start": 10, "duration": 14, "severity": severity}]})
    pain = run_chunk(sc, 0, 300).pain_true
    return float(pain[:, 15:24].mean()), float((pain[:, 110:117].mean(axis=1) >= 4.0).mean())


def test_chronic_pain_after_an_injury_grows_with_severity_and_vulnerability():
    # persistent moderate-to-severe pain months after surgery or injury in a minority,
    # more after more severe acute pain and in people with psychological risk factors
    # (Kehlet et al. 2006 Lancet: 10-50 % any, 2-10 % severe; Theunissen et al. 2012)
    mild, mild_chronic = _after_injury("healthy", 0.3)
    severe, severe_chronic = _after_injury("healthy", 1.0)
    _, vulnerable_chronic = _after_injury("vulnerable", 1.0)
    assert mild < severe
    assert mild_chronic < severe_chronic < 0.35
    assert vulnerable_chronic > severe_chronic
