"""The small pure API the web layer uses returns plain, labelled data."""

from __future__ import annotations

import json

import pytest

from painscope.model.api import profile_trajectory, simulate
from painscope.model.scenario import ScenarioError


def test_simulate_returns_json_ready_daily_summary():
    out = simulate({"profile": "fibromyalgia", "cohort": {"n": 20}, "days": 7, "seed": 2})
    json.dumps(out)
    assert len(out["pain"]["mean"]) == 7
    assert out["states"]["H"]["label"] == "stress load"
    h = out["states"]["H"]
    assert len(h["q25"]) == len(h["median"]) == len(h["q75"]) == len(h["mean"])
    assert all(a <= b <= c for a, b, c in zip(h["q25"], h["median"], h["q75"], strict=True))
    assert "not a diagnosis" in out["disclaimer"]


def test_simulate_rejects_bad_scenarios_with_paths():
    with pytest.raises(ScenarioError) as info:
        simulate({"days": 3, "cohort": {"n": -1}})
    assert "cohort.n: must be ≥ 1 (got -1)" in info.value.problems


def test_vulnerable_trajectory_keeps_pain_after_an_injury_but_healthy_recovers():
    injury = [{"type": "injury", "start": 5, "duration": 14, "severity": 0.7}]
    v = profile_trajectory("vulnerable", days=110, events=injury)
    h = profile_trajectory("healthy", days=110, events=injury)
    assert v["pain"][-1] >= 4.0 > 1.0 > h["pain"][-1]
    assert v["states"]["S2"]["values"][-1] > h["states"]["S2"]["values"][-1]
