"""Issue 14: one text rule for every field, and timestamps at the calendar's edges."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from painscope import diary
from painscope.diary.schema import text_problem


@pytest.mark.parametrize("text", ["", "mg", "Müde 痛み 🙂", "a-b_c (2)"])
def test_ordinary_text_passes(text):
    assert text_problem(text) is None and text_problem(text, multiline=True) is None


@pytest.mark.parametrize(("text", "code"), [("a\x00", "U+0000"), ("\x1b[31m", "U+001B"), ("x\x7f", "U+007F"),
                                            ("x\x85", "U+0085"), ("x\ud800", "U+D800"), ("\udfffx", "U+DFFF")])
def test_control_characters_and_surrogates_are_named(text, code):
    for multiline in (False, True):
        assert code in text_problem(text, multiline=multiline)


def test_line_breaks_only_in_multiline_fields():
    assert "one line" in text_problem("a\nb")
    assert "one line" in text_problem("a\tb")
    assert text_problem("a\nb\tc", multiline=True) is None
    assert "U+000D" in text_problem("a\rb", multiline=True)


@pytest.mark.parametrize(("column", "args"), [
    ("unit", ("measure", "my_scale", "3", "pt\x00", "")),
    ("unit", ("measure", "my_scale", "3", "p\ud800", "")),
    ("name", ("factor", "coffee\x1b", "", "", "")),
    ("name", ("food", "tea\nbag", "", "", "")),
    ("note", ("note", "note", "", "", "bad \ud83d day")),
    ("kind", ("rat\x00ing", "pain", "5", "", "")),
])
def test_check_observation_applies_the_rule_to_every_column(column, args):
    _, problems = diary.check_observation(*args)
    assert [c for c, _ in problems] == [column]


def test_a_csv_row_with_a_control_character_in_unit_is_refused_with_its_line():
    text = "timestamp,kind,name,value,unit,note\n2024-03-01T08:00:00+00:00,measure,my_scale,3,pt\x01,\n"
    with pytest.raises(diary.DiaryError) as err:
        diary.read_tidy_csv(text.encode())
    (p,) = err.value.problems
    assert p.line == 2 and p.column == "unit"


NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(("stamp", "says"), [
    ("9999-12-31T23:59:59-01:00", "in the future"),
    ("9999-12-31T23:59:59.999999-23:59", "in the future"),
    ("9999-12-31T23:59:59+14:00", "in the future"),
    ("0001-01-01T00:00:00+01:00", "before 1900"),
    ("0001-01-01T00:00:00-23:59", "before 1900"),
    ("2024-01-01T00:00:00+00:00\x00", "control character"),
])
def test_timestamps_at_the_calendar_edges_are_value_errors(stamp, says):
    with pytest.raises(ValueError, match=says):
        diary.parse_timestamp(stamp, now=NOW)


def test_the_first_minutes_of_1900_with_an_offset_still_parse():
    utc, offset = diary.parse_timestamp("1900-01-01T00:30:00+01:00", now=NOW)
    assert utc == datetime(1899, 12, 31, 23, 30, tzinfo=UTC) and offset == 60
