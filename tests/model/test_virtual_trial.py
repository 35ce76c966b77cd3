"""``painscope model trial``: a researcher's parallel-group virtual trial from scenario files."""

from __future__ import annotations

import json

import pytest

from painscope.cli import main
from painscope.model.trial import _newcombe, _wilson


def _arm(tmp_path, name, treatments, seed, days=63, n=300):
    evs = [{"type": "treatment", "name": t, "start": 7, **({"dose": 60} if t == "duloxetine" else {})} for t in treatments]
    doc = {"name": name, "profile": "fibromyalgia", "cohort": {"n": n}, "days": days, "seed": seed, "events": evs}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _trial(capsys, argv):
    assert main(["model", "trial", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_drug_arm_beats_placebo_with_intervals_and_responders(tmp_path, capsys):
    drug = _arm(tmp_path, "duloxetine", ["placebo", "duloxetine"], 1)
    placebo = _arm(tmp_path, "placebo", ["placebo"], 2)
    out = _trial(capsys, [drug, placebo])
    assert set(out["arms"]) == {"duloxetine", "placebo"}
    for arm in out["arms"].values():
        assert 0 < arm["n_enrolled"] <= arm["n"] == 300
        assert arm["change_ci95"][0] < arm["change_mean"] < arm["change_ci95"][1] < 0  # everyone improves a bit
        assert 0.0 <= arm["responders_50pct"] <= arm["responders_30pct"] <= 1.0
    (cmp,) = out["comparisons"]
    assert (cmp["arm"], cmp["control"]) == ("duloxetine", "placebo")
    lo, hi = cmp["final_difference_ci95"]
    assert lo < cmp["final_difference"] < hi < 0
    assert cmp["hedges_g"] < 0 and cmp["responders_50pct_difference"] > 0 and cmp["nnt_50pct"] > 1
    assert "not a diagnosis" in out["disclaimer"]


def test_two_identical_designs_differ_only_by_chance(tmp_path, capsys):
    a = _arm(tmp_path, "a", ["placebo"], 11)
    b = _arm(tmp_path, "b", ["placebo"], 12)
    (cmp,) = _trial(capsys, [a, b])["comparisons"]
    lo, hi = cmp["final_difference_ci95"]
    assert lo < 0 < hi
    assert abs(cmp["hedges_g"]) < 0.2


def test_trial_errors_name_the_problem(tmp_path, capsys):
    a = _arm(tmp_path, "a", [], 1, days=10)
    b = _arm(tmp_path, "b", [], 2, days=10)
    assert main(["model", "trial", a]) == 2
    assert "at least two arm files" in capsys.readouterr().err
    assert main(["model", "trial", a, b]) == 2
    assert "arm 'a': days must be at least baseline_days + final_days (7 + 7); got 10" in capsys.readouterr().err
    assert main(["model", "trial", a, b, "--final-days", "3", "--control", "c"]) == 2
    assert "control arm 'c' is not one of: a, b" in capsys.readouterr().err
    assert main(["model", "trial", a, a, "--final-days", "3"]) == 2
    assert "arm names must differ" in capsys.readouterr().err


def test_interval_methods_match_newcombe_1998():
    # worked examples of Newcombe (1998) Stat Med 17:873, method 10
    assert _newcombe(56, 70, 48, 80) == pytest.approx((0.0524, 0.3339), abs=1e-4)
    assert _newcombe(9, 10, 3, 10) == pytest.approx((0.1705, 0.8090), abs=1e-4)
    lo, hi = _wilson(81, 263)
    assert lo == pytest.approx(0.2553, abs=1e-4) and hi == pytest.approx(0.3662, abs=1e-4)
