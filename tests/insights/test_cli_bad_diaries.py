"""Bad or thin diary files through every insights command: a message, never a traceback."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from painscope.cli import main

HEADER = "timestamp,kind,name,value,unit,note\n"
COMMANDS = (["triggers"], ["flares"], ["forecast"], ["change", "--at", "2025-03-01"])


def _diary(tmp_path, rows, name="d.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _days(n, pain=lambda d: 5, coffee=lambda d: d % 2):
    rows = []
    for d in range(n):
        ts = (dt.date(2025, 1, 1) + dt.timedelta(days=d)).isoformat()
        rows.append(f"{ts}T09:00:00+01:00,rating,pain,{pain(d)},,\n")
        if coffee(d):
            rows.append(f"{ts}T09:00:00+01:00,food,coffee,1,,\n")
    return rows


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_one_day_of_data_gives_not_enough_data(tmp_path, capsys, command):
    path = _diary(tmp_path, _days(1))
    assert main(["insights", command[0], str(path), *command[1:], "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["sentences"] and ("not enough data" in " ".join(doc["sentences"]).lower()
                                 or "outside the diary" in " ".join(doc["sentences"]))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_constant_pain_is_explained(tmp_path, capsys, command):
    path = _diary(tmp_path, _days(120))
    assert main(["insights", command[0], str(path), *command[1:], "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    text = " ".join(doc["sentences"])
    assert doc.get("findings", []) == []
    if command[0] != "flares":
        assert "same on every logged day" in text or "5 on every logged day" in text


def test_unsorted_rows_give_the_same_answer_as_sorted_ones(tmp_path, capsys):
    rows = _days(90, pain=lambda d: (d * 7) % 10, coffee=lambda d: (d * 3) % 5 < 2)
    a = _diary(tmp_path, rows, "sorted.csv")
    b = _diary(tmp_path, rows[::-1], "reversed.csv")
    assert main(["insights", "triggers", str(a), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["insights", "triggers", str(b), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert first["findings"]


def test_duplicate_rows_are_refused_with_the_diarys_message(tmp_path, capsys):
    rows = _days(40)
    path = _diary(tmp_path, [*rows, rows[3]])
    assert main(["insights", "flares", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "appears twice" in captured.err
