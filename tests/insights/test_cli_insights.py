"""``painscope insights ...`` on tidy diary CSVs: JSON contract, text output, errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from painscope.cli import main
from painscope.diary import write_tidy_csv
from painscope.diary.demo import demo_diary


@pytest.fixture(scope="module")
def demo_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("diary") / "demo.csv"
    write_tidy_csv(demo_diary(365, end=dt.date(2025, 12, 31), seed=3), path)
    return path


def _json(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def test_triggers_json_finds_the_sleep_effect_the_demo_diary_plants(demo_csv, capsys):
    doc = _json(capsys, "insights", "triggers", str(demo_csv), "--lags", "0-3", "--json")
    keys = {"factor", "lag", "effect", "ci_low", "ci_high", "p", "q", "significant",
            "n_exposed", "n_unexposed", "warnings", "sentence"}
    assert all(keys <= set(f) for f in doc["findings"])
    assert {"factor", "reason"} <= set(doc["not_tested"][0]) if doc["not_tested"] else True
    # demo_diary: pain_t += 0.35 × (6.8 − sleep_hours_{t−1})
    sleep = next(f for f in doc["findings"] if f["factor"] == "sleep hours" and f["lag"] == 1)
    assert sleep["significant"] and sleep["ci_high"] < 0
    assert "followed the next day" in sleep["sentence"]
    # pain qualities and co-symptoms are not screened as triggers
    assert not {"fatigue", "mood", "throbbing"} & {f["factor"] for f in doc["findings"]}


def test_triggers_text_output_is_a_table_and_plain_sentences(demo_csv, capsys):
    assert main(["insights", "triggers", str(demo_csv), "--lags", "1"]) == 0
    out = capsys.readouterr().out
    assert "Lagged effects on pain" in out and "not proof of cause" in out


def test_flares_json_lists_declared_and_detected_episodes(demo_csv, capsys):
    doc = _json(capsys, "insights", "flares", str(demo_csv), "--json")
    sources = {e["source"] for e in doc["episodes"]}
    assert sources == {"you", "detector"}
    for e in doc["episodes"]:
        assert e["start"] <= e["peak_date"] <= e["end"] and e["duration_days"] >= 1
    assert doc["agreement"]["days_compared"] > 300
    assert len(doc["days"]) == 365


def test_invalid_diary_row_is_reported_with_its_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("timestamp,kind,name,value,unit,note\n"
                   "2025-01-01T08:00:00+01:00,rating,pain,11,,\n", encoding="utf-8")
    assert main(["insights", "triggers", str(bad), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "line 2" in captured.err and "pain" in captured.err


def test_missing_file_and_bad_lags_are_user_errors(tmp_path, demo_csv, capsys):
    assert main(["insights", "flares", str(tmp_path / "nope.csv")]) == 2
    assert "no such diary file" in capsys.readouterr().err
    assert main(["insights", "triggers", str(demo_csv), "--lags", "0-9"]) == 2
    assert "between 0 and 7" in capsys.readouterr().err


def test_empty_diary_file_says_not_enough_data(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("timestamp,kind,name,value,unit,note\n", encoding="utf-8")
    doc = _json(capsys, "insights", "triggers", str(empty), "--json")
    assert doc["findings"] == [] and "Not enough data" in doc["message"]
    doc = _json(capsys, "insights", "flares", str(empty), "--json")
    assert doc["episodes"] == [] and "Not enough data" in doc["message"]


def test_change_json_reports_the_its_estimate_next_to_the_naive_one(demo_csv, capsys):
    doc = _json(capsys, "insights", "change", str(demo_csv), "--at", "2025-07-01", "--json")
    a = doc["average_change"]
    assert a["ci_low"] <= a["effect"] <= a["ci_high"]
    assert doc["naive_difference"] is not None and doc["n_pre"] >= 28
    assert any("plain before/after" in s for s in doc["sentences"])


def test_change_with_a_bad_date_is_a_user_error(demo_csv, capsys):
    assert main(["insights", "change", str(demo_csv), "--at", "July"]) == 2
    assert "--at must be a date" in capsys.readouterr().err


def test_plan_then_analyse_an_abab_experiment(tmp_path, demo_csv, capsys):
    plan = _json(capsys, "insights", "plan-abab", "--start", "2025-06-02", "--block-days", "14",
                 "--blocks", "4", "--what", "no coffee", "--randomize", "--seed", "1", "--json")
    assert len(plan["blocks"]) == 4 and plan["randomized"] is True
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    doc = _json(capsys, "insights", "abab", str(demo_csv), "--plan", f"@{plan_file}", "--json")
    # the demo diary knows nothing about this plan: no clear effect is the honest answer
    e = doc["effect"]
    assert e["ci_low"] <= e["effect"] <= e["ci_high"]
    assert doc["n_on"] >= 20 and doc["n_off"] >= 20
    assert main(["insights", "plan-abab", "--start", "2025-06-02", "--blocks", "3"]) == 2
    assert "even number" in capsys.readouterr().err


def test_forecast_json_has_scores_and_the_show_flag(demo_csv, capsys):
    doc = _json(capsys, "insights", "forecast", str(demo_csv), "--json")
    assert isinstance(doc["show_to_person"], bool) and doc["n_scored"] > 200
    for name in ("persistence", "ar1", "painscope"):
        assert doc["scores"][name]["mae"] > 0 and doc["scores"][name]["crps"] > 0
    assert (doc["tomorrow"] is None) != doc["show_to_person"]
    assert main(["insights", "forecast", str(demo_csv)]) == 0
    assert "Rolling-origin evaluation" in capsys.readouterr().out
