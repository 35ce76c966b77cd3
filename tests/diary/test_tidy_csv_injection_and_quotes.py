"""Tidy CSV hardening (issue 14): formula cells neutralised on export, undone on import;
an unterminated quote is reported where it opens."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painscope.diary import DiaryError, read_tidy_csv, write_tidy_csv
from painscope.diary.tidy import FORMULA_START, escape_cell, unescape_cell

HEADER = "timestamp,kind,name,value,unit,note\n"
TS = "2024-03-01T08:30:00+01:00"


def _frame(*rows: str):
    return read_tidy_csv((HEADER + "".join(rows)).encode())


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "'=already", "''=twice"]
)
def test_formula_cells_are_neutralised_and_come_back_exactly(cell):
    frame = _frame(
        f'{TS},food,"{cell.replace(chr(34), chr(34) * 2)}",1,,"{cell.replace(chr(34), chr(34) * 2)}"\n'
    )
    frame.loc[0, "name"], frame.loc[0, "note"] = cell, cell
    text = write_tidy_csv(frame)
    body = text.splitlines()[1]
    # every free-text cell starts with an apostrophe in the file, so no spreadsheet runs it
    fields = body.split(",", 2)[2]
    assert fields.lstrip('"').startswith("'")
    back = read_tidy_csv(text.encode())
    assert back.loc[0, "name"] == cell and back.loc[0, "note"] == cell
    assert write_tidy_csv(back) == text  # export → import → export is byte-identical


def test_unit_cells_are_neutralised_too():
    frame = _frame(f"{TS},medication,ibuprofen,400,mg,\n")
    frame.loc[0, "unit"] = "=mg"
    text = write_tidy_csv(frame)
    assert ",'=mg," in text
    assert read_tidy_csv(text.encode()).loc[0, "unit"] == "=mg"


def test_numbers_stay_numbers_and_plain_text_is_unchanged():
    text = write_tidy_csv(_frame(f"{TS},factor,weather_change,-2,,it's cold\n"))
    assert text.splitlines()[1] == f"{TS},factor,weather_change,-2,,it's cold"


def test_hand_made_file_with_a_raw_formula_cell_imports_as_written():
    frame = _frame(f"{TS},note,note,,,=not a formula to us\n")
    assert frame.loc[0, "note"] == "=not a formula to us"
    assert "'=not a formula" in write_tidy_csv(frame)


@given(
    st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " "]), max_size=8)
)
@settings(max_examples=300, deadline=None)
def test_escape_is_undone_exactly(text):
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert not escaped.startswith(FORMULA_START)


def test_unterminated_quote_is_reported_where_it_opens():
    text = HEADER + (
        f"{TS},rating,pain,3,,\n"
        f'{TS},food,"bread,1,,\n'
        "2024-03-02T08:30:00+01:00,rating,pain,4,,\n"
        "2024-03-03T08:30:00+01:00,rating,pain,5,,\n"
    )
    with pytest.raises(
        DiaryError,
        match=r"^line 3, column name: a quoted field opens on this line and is never closed",
    ):
        read_tidy_csv(text.encode())


def test_unterminated_quote_in_the_last_column_is_not_silently_swallowed():
    text = HEADER + (
        f'{TS},note,note,,,"oops\n'
        "2024-03-02T08:30:00+01:00,rating,pain,4,,\n"
        "2024-03-03T08:30:00+01:00,rating,pain,5,,\n"
    )
    # before: accepted, with the two following rows inside the note
    with pytest.raises(DiaryError, match=r"^line 2, column note: a quoted field opens"):
        read_tidy_csv(text.encode())


def test_unterminated_quote_after_a_multi_line_note_names_its_own_line():
    text = HEADER + (
        f'{TS},note,note,,,"two\nlines"\n'
        f'2024-03-02T08:30:00+01:00,note,note,,,"ok ""quoted""\nstill ok"\n'
        f'2024-03-03T08:30:00+01:00,factor,"coffee,1,,\n'
    )
    with pytest.raises(DiaryError, match=r"^line 6, column name"):
        read_tidy_csv(text.encode())


def test_quoted_field_followed_by_text_is_an_error_not_a_silent_join():
    with pytest.raises(DiaryError, match=r"line 2, column row: unreadable CSV"):
        read_tidy_csv((HEADER + f'{TS},food,"bre"ad,1,,\n').encode())


def test_timestamp_past_the_last_utc_instant_is_a_row_error():
    # found by tests/fuzz: 9999-12-31T23:59:59-12:00 is 10000-01-01 in UTC (OverflowError)
    with pytest.raises(DiaryError, match=r"line 2, column timestamp: .*(outside the supported calendar|in the future)"):
        read_tidy_csv((HEADER + "9999-12-31T23:59:59-12:00,rating,pain,1,,\n").encode())
