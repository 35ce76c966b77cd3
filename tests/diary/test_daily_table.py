"""The daily table: one row per local day."""

from __future__ import annotations

import math

from painscope.diary import daily_table, read_tidy_csv

TEXT = """timestamp,kind,name,value,unit,note
2024-03-01T08:00:00+01:00,rating,pain,6,,
2024-03-01T20:00:00+01:00,rating,pain,8,,
2024-03-01T20:00:00+01:00,factor,coffee,1,,
2024-03-01T20:00:00+01:00,medication,ibuprofen,200,mg,
2024-03-01T22:00:00+01:00,medication,ibuprofen,200,mg,
2024-03-01T22:00:00+01:00,measure,steps,4000,,
2024-03-01T23:00:00+01:00,measure,steps,6500,,
2024-03-03T09:00:00+01:00,rating,pain,3,,
"""


def test_two_check_ins_average_and_keep_the_worst():
    table = daily_table(read_tidy_csv(TEXT.encode()))
    day = table.loc["2024-03-01"]
    assert day["pain"] == 7 and day["pain_max"] == 8
    assert day["n_entries"] == 4
    assert day["medication:ibuprofen"] == 400  # doses add up
    assert day["steps"] == 6500  # a step counter accumulates through the day


def test_a_day_without_entries_is_missing_not_zero():
    table = daily_table(read_tidy_csv(TEXT.encode()))
    assert list(table.index.strftime("%Y-%m-%d")) == ["2024-03-01", "2024-03-02", "2024-03-03"]
    gap = table.loc["2024-03-02"]
    assert math.isnan(gap["pain"]) and math.isnan(gap["factor:coffee"]) and gap["n_entries"] == 0
    # on a logged day a factor not ticked counts as "no"
    assert table.loc["2024-03-03", "factor:coffee"] == 0
    assert table.loc["2024-03-03", "flare"] == 0
