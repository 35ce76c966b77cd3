"""Scenario validation names the JSON path of each problem."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from painscope.model.scenario import ScenarioError, validate_scenario


def _problems(doc):
    with pytest.raises(ScenarioError) as info:
        validate_scenario(doc)
    return info.value.problems


def test_negative_event_start_names_its_path():
    doc = {
        "days": 30,
        "events": [
            {"type": "injury", "start": 1, "duration": 2, "severity": 0.5},
            {"type": "stress", "start": 1, "duration": 2, "level": 0.5},
            {"type": "injury", "start": -1, "duration": 2, "severity": 0.5},
        ],
    }
    assert "events[2].start: must be ≥ 0 (got -1)" in _problems(doc)


def test_unknown_treatment_and_missing_field_are_reported_together():
    doc = {
        "days": 30,
        "events": [{"type": "treatment", "name": "aspirin", "start": 1}, {"type": "stress", "start": 1}],
    }
    problems = _problems(doc)
    assert any(p.startswith("events[0].name: must be one of duloxetine") for p in problems)
    assert "events[1].duration: is required" in problems
    assert "events[1].level: is required" in problems


def test_stop_before_start_and_unknown_field():
    doc = {
        "days": 30,
        "bogus": 1,
        "events": [{"type": "treatment", "name": "cbt", "start": 10, "stop": 5}],
    }
    problems = _problems(doc)
    assert "events[0].stop: must be ≥ start (10) (got 5)" in problems
    assert "(scenario): unknown field(s): bogus" in problems


def test_unknown_profile_parameter_is_named():
    doc = {"days": 5, "profile": {"base": "healthy", "params": {"not_a_param": 1}}}
    assert any(p.startswith("profile.params:") for p in _problems(doc))


def test_valid_scenario_gets_defaults():
    sc = validate_scenario({"days": 10})
    assert sc["profile"] == "healthy"
    assert sc["cohort"] == {"n": 1, "heterogeneity": 1.0}
    assert sc["dt"] == 0.05


def test_schema_ships_with_the_package_and_is_valid_json_schema():
    import jsonschema

    text = resources.files("painscope.model").joinpath("scenario.schema.json").read_text("utf-8")
    jsonschema.Draft202012Validator.check_schema(json.loads(text))


def test_repeated_exercise_without_stop_goes_on_to_the_end_of_the_run():
    from painscope.model.events import build_schedule

    sched = build_schedule([{"type": "exercise", "start": 1, "every": 2, "dose": 1.0}], 10, 0.05)
    bout_days = sorted({int(i * 0.05) for i in np.flatnonzero(sched.exercise > 0)})
    assert bout_days == [1, 3, 5, 7, 9]
