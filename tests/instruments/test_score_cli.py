"""The `painscope score`, `instruments list` and `criteria` commands."""

from __future__ import annotations

import json

from painscope.cli import main
from tests.instruments.test_questionnaire_definitions import ISSUE_IDS


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_score_json_has_exactly_the_documented_shape(capsys):
    answers = json.dumps({f"phq9-{i}": 1 for i in range(1, 10)})
    code, out, _err = run(
        ["score", "phq9", "--answers", answers, "--json", "--crisis-contact", "call 112"], capsys
    )
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"instrument", "total", "band", "subscales", "flags", "missing"}
    assert doc["instrument"] == "phq9" and doc["total"] == 9 and doc["band"] == "mild"
    assert any("call 112" in f["message"] for f in doc["flags"])


def test_score_reads_answers_from_file(tmp_path, capsys):
    f = tmp_path / "peg.json"
    f.write_text(json.dumps({"peg-1": 7, "peg-2": 6, "peg-3": 6}))
    code, out, _ = run(["score", "peg", "--answers", f"@{f}", "--json"], capsys)
    assert code == 0
    assert abs(json.loads(out)["total"] - 19 / 3) < 1e-12


def test_out_of_range_value_exits_2_naming_the_item(capsys):
    code, out, err = run(["score", "gad7", "--answers", '{"gad7-3": 7}', "--json"], capsys)
    assert code == 2
    assert out == ""
    assert "gad7-3" in err


def test_unknown_linkid_exits_2(capsys):
    code, _, err = run(["score", "peg", "--answers", '{"peg-4": 1}'], capsys)
    assert code == 2 and "peg-4" in err


def test_unknown_instrument_exits_2(capsys):
    code, _, err = run(["score", "phq10", "--answers", "{}"], capsys)
    assert code == 2 and "unknown instrument" in err


def test_text_pack_instrument_scores_without_text(capsys):
    answers = json.dumps({f"pcs-{i}": 2 for i in range(1, 14)})
    code, out, _ = run(["score", "pcs", "--answers", answers, "--json"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["total"] == 26
    assert doc["subscales"] == {"rumination": 8, "magnification": 6, "helplessness": 12}


def test_previous_result_adds_change_flag(capsys):
    answers = json.dumps({f"phq9-{i}": 0 for i in range(1, 10)})
    code, out, _ = run(
        [
            "score",
            "phq9",
            "--answers",
            answers,
            "--previous",
            '{"instrument": "phq9", "total": 12}',
            "--json",
        ],
        capsys,
    )
    assert code == 0
    assert any(f["code"] == "meaningful-improvement" for f in json.loads(out)["flags"])


def test_instruments_list_json(capsys):
    code, out, _ = run(["instruments", "list", "--json"], capsys)
    rows = {r["id"]: r for r in json.loads(out)["instruments"]}
    assert code == 0
    assert rows["phq9"]["tier"] == "A" and rows["phq9"]["text_available"] is True
    assert rows["pcs"]["tier"] == "C" and rows["pcs"]["text_available"] is False
    for iid in ISSUE_IDS:
        assert iid in rows


def test_instruments_list_text_table(capsys):
    code, out, _ = run(["instruments", "list"], capsys)
    pcs_row = next(line for line in out.splitlines() if line.startswith("pcs "))
    assert code == 0
    assert pcs_row.split()[1:3] == ["C", "no"]


def test_criteria_acr2016_json(capsys):
    data = {
        "wpi_areas": ["shoulder_left", "shoulder_right", "hip_left", "hip_right"],
        "sss": {
            "fatigue": 3,
            "waking_unrefreshed": 3,
            "cognitive": 3,
            "headaches": 0,
            "lower_abdominal": 0,
            "depression": 0,
        },
        "duration_months": 4,
    }
    code, out, _ = run(["criteria", "acr2016", "--input", json.dumps(data), "--json"], capsys)
    doc = json.loads(out)
    assert code == 0
    for key in (
        "wpi",
        "sss",
        "fs",
        "regions_with_pain",
        "generalized_pain",
        "criteria_met",
        "reasons",
    ):
        assert key in doc
    assert doc["criteria_met"] is True


def test_criteria_bad_input_exits_2(capsys):
    code, out, err = run(
        ["criteria", "acr2016", "--input", '{"wpi_areas": ["elbow"]}', "--json"], capsys
    )
    assert code == 2 and out == "" and "elbow" in err


def test_criteria_invalid_json_exits_2(capsys):
    code, _, err = run(["criteria", "nociplastic", "--input", "{not json"], capsys)
    assert code == 2 and "not valid JSON" in err
