"""Reading, validating and writing the tidy diary CSV."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painscope.diary import DiaryError, read_tidy_csv, validate_frame, write_tidy_csv

HEADER = "timestamp,kind,name,value,unit,note\n"
GOOD = HEADER + (
    "2024-03-01T08:30:00+01:00,rating,pain,6,,\n"
    "2024-03-01T08:30:00+01:00,region,neck,1,,\n"
    "2024-03-01T08:30:00+01:00,region,lower_back,,,\n"
    '2024-03-01T08:30:00+01:00,note,note,,,"bad morning, stiff\nand tired"\n'
    "2024-03-01T08:30:00+01:00,measure,sleep_hours,5.5,h,\n"
    "2024-03-02T20:00:00Z,rating,pain,4.5,,\n"
    "2024-03-02T20:00:00Z,factor,coffee,2,,cups\n"
    "2024-03-02T20:00:00Z,medication,pregabalin,75,mg,\n"
    "2024-03-04T09:00:00-05:00,flare,flare,1,,\n"
)


def test_reading_keeps_every_observation_with_its_local_day():
    frame = read_tidy_csv(GOOD.encode())
    assert len(frame) == 9
    assert set(frame["kind"]) == {"rating", "region", "note", "measure", "factor", "medication", "flare"}
    assert frame.loc[frame["kind"] == "note", "note"].item() == "bad morning, stiff\nand tired"
    # a check-in at 09:00 at UTC-5 belongs to that local day
    flare_day = frame.loc[frame["kind"] == "flare", "local_date"].item()
    assert str(flare_day.date()) == "2024-03-04"


def test_export_of_an_import_is_byte_identical():
    first = write_tidy_csv(read_tidy_csv(GOOD.encode()))
    second = write_tidy_csv(read_tidy_csv(first.encode()))
    assert first == second
    assert first.startswith(HEADER)
    assert "2024-03-02T20:00:00+00:00,rating,pain,4.5,," in first  # Z becomes +00:00


def test_a_presence_row_without_value_means_yes():
    frame = read_tidy_csv(GOOD.encode())
    assert frame.loc[frame["name"] == "lower_back", "value"].item() == 1.0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2024-03-05T09:00:00+01:00,rating,pain,11,,", "line 2, column value: pain must be between 0 and 10 (got 11)"),
        ("3000-01-01T00:00:00Z,rating,pain,1,,", "line 2, column timestamp"),
        ("2024-03-05T09:00:00,rating,pain,1,,", "has no UTC offset"),
        ("2024-03-05T09:00:00Z,mood_swing,x,1,,", "unknown kind"),
        ("2024-03-05T09:00:00Z,rating,pain,seven,,", "'seven' is not a number"),
        ("2024-03-05T09:00:00Z,rating,pain,nan,,", "not a finite number"),
        ("2024-03-05T09:00:00Z,region,elbow_left,1,,", "unknown body region"),
        ("2024-03-05T09:00:00Z,measure,sleep_hours,30,,", "sleep_hours must be between 0 and 24"),
        ("2024-03-05T09:00:00Z,measure,sleep_hours,7,min,", "column unit"),
        ("2024-03-05T09:00:00Z,flare,pain,1,,", "the name must be 'flare'"),
        ("2024-03-05T09:00:00Z,note,note,,,", "needs text"),
        ("2024-03-05T09:00:00Z,rating,pain,3", "expected 6 columns"),
    ],
)
def test_a_bad_row_is_rejected_with_its_line_and_column(row, expected):
    with pytest.raises(DiaryError) as caught:
        read_tidy_csv((HEADER + row + "\n").encode())
    assert expected in str(caught.value)


def test_a_huge_note_is_rejected_not_stored():
    text = HEADER + "2024-03-05T09:00:00Z,note,note,,," + "x" * 10_000_000 + "\n"
    with pytest.raises(DiaryError, match="line 2"):
        read_tidy_csv(text.encode())


def test_one_bad_row_rejects_the_whole_file():
    text = GOOD + "2024-03-06T09:00:00Z,rating,pain,-1,,\n"
    with pytest.raises(DiaryError) as caught:
        read_tidy_csv(text.encode())
    assert caught.value.problems[0].line == 12  # the note above spans two lines


def test_duplicate_observations_are_named():
    text = HEADER + "2024-03-05T09:00:00Z,rating,pain,3,,\n2024-03-05T10:00:00+01:00,rating,pain,4,,\n"
    with pytest.raises(DiaryError, match="appears twice"):
        read_tidy_csv(text.encode())


def test_wrong_header_and_empty_file_are_explained():
    with pytest.raises(DiaryError, match="expected 'timestamp,kind,name,value,unit,note'"):
        read_tidy_csv(b"date,pain\n2024-01-01,3\n")
    with pytest.raises(DiaryError, match="empty"):
        read_tidy_csv(b"")
    with pytest.raises(DiaryError, match="not UTF-8"):
        read_tidy_csv(HEADER.encode() + b"\xff\xfe,rating\n")


def test_validate_frame_names_the_row():
    import pandas as pd

    rows = pd.DataFrame(
        {"timestamp": ["2024-03-05T00:00:00+00:00"] * 2, "kind": ["measure"] * 2,
         "name": ["steps", "resting_hr"], "value": [1200, 900]}
    )
    with pytest.raises(DiaryError, match="row 2, column value: resting_hr"):
        validate_frame(rows)


_values = st.one_of(st.integers(0, 10).map(float), st.floats(0, 10, allow_nan=False).map(lambda v: round(v, 3)))


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(st.tuples(st.integers(0, 400), st.integers(-720, 840).map(lambda m: m - m % 15), _values), min_size=1, max_size=20, unique_by=lambda t: t[0]),
    note=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
)
def test_round_trip_holds_for_any_valid_diary(days, note):
    from datetime import UTC, datetime, timedelta

    from painscope.diary import format_timestamp

    lines = [HEADER.strip()]
    for day, offset, value in days:
        ts = format_timestamp(datetime(2023, 1, 1, 12, tzinfo=UTC) + timedelta(days=day), offset)
        lines.append(f"{ts},rating,pain,{value},,")
        if note.strip():
            buf = io.StringIO()
            import csv

            csv.writer(buf, lineterminator="").writerow([ts, "note", "note", "", "", note])
            lines.append(buf.getvalue())
    text = "\n".join(lines) + "\n"
    once = write_tidy_csv(read_tidy_csv(text.encode()))
    assert write_tidy_csv(read_tidy_csv(once.encode())) == once
