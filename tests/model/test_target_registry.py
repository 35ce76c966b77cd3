"""The target registry (issue 11): >= 40 published figures, two sets, calibration never reads validation."""

from __future__ import annotations

import re
from pathlib import Path

from painscope.model import registry
from painscope.model.experiments import EXPERIMENTS
from painscope.model.registry_runs import RUNS

MODEL_DIR = Path(registry.__file__).parent


def test_registry_has_at_least_40_targets_each_fully_described():
    ts = registry.targets()
    assert len(ts) >= 40
    ids = [t["id"] for t in ts]
    assert len(set(ids)) == len(ids)
    for t in ts:
        assert t["set"] in registry.SETS
        for key in ("phenomenon", "source", "design", "readout"):
            assert isinstance(t[key], str) and len(t[key]) > 5, (t["id"], key)
        assert "target" in t and "tolerance" in t and isinstance(t["source_checked"], bool)
    assert registry.validation_ids() and registry.calibration_ids()


def test_every_target_has_a_runner():
    for tid in (t["id"] for t in registry.targets()):
        assert tid in EXPERIMENTS or tid in RUNS, tid


def test_t1_to_t14_are_calibration_targets_with_their_table_figures():
    meta = registry.by_id()
    for e in EXPERIMENTS.values():
        assert meta[e.id]["set"] == "calibration"
        assert meta[e.id]["target"] == e.target and meta[e.id]["tolerance"] == (list(e.tolerance) if isinstance(e.tolerance, tuple) else e.tolerance)


def test_calibration_code_never_names_a_validation_target():
    validation = set(registry.validation_ids())
    for name in ("calibrate.py", "robustness.py"):
        text = (MODEL_DIR / name).read_text()
        named = set(re.findall(r"\bV\d{2}\b", text))
        assert not (named & validation), (name, named & validation)
        assert "registry_runs" not in text and "validation_ids" not in text


def test_a_target_that_cannot_be_expressed_fails_with_its_reason():
    row = registry.run_target("V16")
    assert row["pass"] is False and row["value"] is None and "cannot run" in row["note"]
