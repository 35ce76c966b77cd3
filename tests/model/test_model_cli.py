"""The ``painscope model`` commands: JSON contract, errors naming the path, plot caption."""

from __future__ import annotations

import json

import pytest

from painscope.cli import main
from painscope.model import experiments


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_run_json_summary_has_daily_mean_and_quantiles(tmp_path, capsys):
    sc = tmp_path / "s.json"
    sc.write_text(json.dumps({"profile": "fibromyalgia", "cohort": {"n": 40}, "days": 5, "seed": 3}))
    out = tmp_path / "o.parquet"
    doc = _json(capsys, ["model", "run", str(sc), "--json", "--out", str(out)])
    assert doc["n_patients"] == 40 and doc["days"] == 5
    pain = doc["pain"]
    assert len(pain["mean"]) == 5
    assert all(pain["q05"][d] <= pain["q50"][d] <= pain["q95"][d] for d in range(5))
    assert out.exists()


def test_invalid_scenario_is_a_user_error_naming_the_path(tmp_path, capsys):
    sc = tmp_path / "bad.json"
    sc.write_text(json.dumps({"days": 5, "events": [{"type": "stress", "start": -2, "duration": 1, "level": 0.5}]}))
    assert main(["model", "run", str(sc), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "events[0].start: must be ≥ 0" in captured.err


def test_validate_json_shape(capsys):
    doc = _json(capsys, ["model", "validate", "--ids", "T7", "C21", "V16", "--json"])
    assert list(doc) == ["targets", "score"]
    assert [t["id"] for t in doc["targets"]] == ["T7", "C21", "V16"]
    for t in doc["targets"]:
        assert {"id", "pass", "value", "set", "achieved", "target", "tolerance", "source"} <= set(t)
        assert isinstance(t["pass"], bool) and t["set"] in {"calibration", "validation"}
    assert [t["set"] for t in doc["targets"]] == ["calibration", "calibration", "validation"]
    # a target the model cannot express fails with the reason, it is never skipped
    assert doc["targets"][2]["pass"] is False and "cannot run" in doc["targets"][2]["note"]
    assert doc["score"]["validation"] == {"passed": 0, "total": 1, "share": 0.0}


def test_experiments_list_and_unknown_experiment(capsys):
    doc = _json(capsys, ["model", "experiments", "--json"])
    assert [e["id"] for e in doc["experiments"]] == [f"T{i}" for i in range(1, 15)]
    assert main(["model", "experiment", "T99"]) == 2
    assert "unknown experiment" in capsys.readouterr().err


def test_plot_writes_a_png_with_the_educational_caption(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    sc = tmp_path / "s.json"
    sc.write_text(json.dumps({"profile": "vulnerable", "cohort": {"n": 20}, "days": 30, "seed": 1,
                              "events": [{"type": "injury", "start": 5, "duration": 10, "severity": 0.7}]}))
    png = tmp_path / "fig.png"
    doc = _json(capsys, ["model", "plot", str(sc), "--out", str(png), "--json"])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "not a diagnosis" in doc["caption"]
    assert "stress load" in doc["states"].values()


def test_validate_subset_with_shifted_seeds_draws_other_people(capsys):
    same = _json(capsys, ["model", "validate", "--ids", "t10", "--json"])["targets"]
    shifted = _json(capsys, ["model", "validate", "--ids", "T10", "--seed-offset", "1000", "--json"])["targets"]
    assert [t["id"] for t in same] == [t["id"] for t in shifted] == ["T10"]
    assert shifted[0]["achieved"] != same[0]["achieved"]
    again = _json(capsys, ["model", "validate", "--ids", "T10", "--json"])["targets"]
    assert again == same


def test_validate_names_an_unknown_target(capsys):
    assert main(["model", "validate", "--ids", "T99"]) == 2
    assert "--ids: unknown target T99" in capsys.readouterr().err


def test_every_experiment_has_a_figure_and_the_cli_draws_it(tmp_path, capsys):
    from painscope.model.figures import PLOTTERS

    assert set(PLOTTERS) == set(experiments.EXPERIMENTS)
    out = tmp_path / "t5.png"
    doc = _json(capsys, ["model", "experiment", "T5", "--plot", str(out), "--json"])
    assert doc["id"] == "T5" and doc["pass"] is True
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000


def test_experiment_plot_to_an_unwritable_place_is_a_user_error(tmp_path, capsys):
    assert main(["model", "experiment", "T5", "--plot", str(tmp_path / "missing" / "t5.png")]) == 2
    assert "--plot: cannot write" in capsys.readouterr().err
