"""The CLI contract of the programmes: `programmes list --json` and `sleep plan --json`."""

from __future__ import annotations

import json

from painscope.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_programmes_list_names_the_six_ids_with_titles_and_sources(capsys):
    code, out, _ = run(capsys, "programmes", "list", "--json")
    assert code == 0
    doc = json.loads(out)
    ids = [p["id"] for p in doc["programmes"]]
    assert ids == ["pacing", "gmi", "thought-record", "sleep", "breathing", "education"]
    for p in doc["programmes"]:
        assert p["title"] and p["sources"] and all(isinstance(s, str) and s for s in p["sources"])


def test_sleep_plan_json_has_the_contract_keys(tmp_path, capsys):
    path = tmp_path / "SLEEP.csv"
    rows = [f"2026-03-{d:02d},23:00,40,60,07:00" for d in range(1, 8)]
    rows += [f"2026-03-{d:02d},00:40,10,9,07:00" for d in range(8, 15)]
    path.write_text("night,bedtime,latency_min,waso_min,rise_time\n" + "\n".join(rows) + "\n")
    code, out, err = run(capsys, "sleep", "plan", str(path), "--wake", "07:00", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["action"] == "extend"
    assert doc["window_minutes"] == 395
    assert doc["bedtime"] == "00:25"
    assert doc["efficiency"] == round(100 * 361 / 380, 1)
    assert len(doc["weeks"]) == 2


def test_sleep_plan_bad_row_is_a_clear_error_naming_line_and_column(tmp_path, capsys):
    path = tmp_path / "SLEEP.csv"
    path.write_text("night,bedtime,latency_min,waso_min,rise_time\n2026-03-01,23:00,40,60,07:00\n"
                    "2026-03-02,11pm,40,60,07:00\n")
    code, out, err = run(capsys, "sleep", "plan", str(path), "--wake", "07:00", "--json")
    assert code == 2
    assert out == ""
    assert "line 3, column bedtime" in err
    assert "Traceback" not in err


def test_sleep_plan_bad_wake_time_names_the_option(tmp_path, capsys):
    path = tmp_path / "SLEEP.csv"
    path.write_text("night,bedtime,latency_min,waso_min,rise_time\n2026-03-01,23:00,40,60,07:00\n")
    code, _, err = run(capsys, "sleep", "plan", str(path), "--wake", "7am", "--json")
    assert code == 2 and "--wake" in err
