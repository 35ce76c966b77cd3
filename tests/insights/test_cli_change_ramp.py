"""``painscope insights change``: one change estimate without a ramp, three with ``--ramp``.

Without a post-change slope the model has a single step, so "at the start", "on average"
and "at the end" are the same number; the report then gives it once. With ``--ramp`` the
three differ and the start and end values get their own sentence.
"""

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


def _run(capsys, *argv):
    assert main(["insights", "change", *argv]) == 0
    return capsys.readouterr().out


def test_without_a_ramp_the_change_is_reported_once(demo_csv, capsys):
    doc = json.loads(_run(capsys, str(demo_csv), "--at", "2025-07-01", "--json"))
    assert doc["slope_change"] is False
    assert "average_change" in doc
    assert "level_change" not in doc and "end_change" not in doc
    text = _run(capsys, str(demo_csv), "--at", "2025-07-01")
    assert "slope allowed to change" not in text
    assert text.count("After 2025-07-01") == 1


def test_with_a_ramp_start_and_end_of_the_after_period_are_reported(demo_csv, capsys):
    doc = json.loads(_run(capsys, str(demo_csv), "--at", "2025-07-01", "--ramp", "--json"))
    assert doc["slope_change"] is True
    level, avg, end = doc["level_change"], doc["average_change"], doc["end_change"]
    # a free slope makes the three contrasts differ; the average lies between start and end
    assert level["effect"] != end["effect"]
    assert min(level["effect"], end["effect"]) <= avg["effect"] <= max(level["effect"],
                                                                       end["effect"])
    text = _run(capsys, str(demo_csv), "--at", "2025-07-01", "--ramp")
    assert "With the slope allowed to change after 2025-07-01" in text
    assert "at the start of the after-period" in text and "by its last day" in text
