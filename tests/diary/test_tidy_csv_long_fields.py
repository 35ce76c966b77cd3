"""A note or other field far beyond the limits is refused naming its line and column."""

from __future__ import annotations

import pytest

from painscope.diary import DiaryError, read_tidy_csv
from painscope.diary.schema import MAX_NOTE
from painscope.diary.tidy import MAX_FIELD_CHARS

HEADER = "timestamp,kind,name,value,unit,note\n"
FIRST = "2024-03-05T08:00:00Z,rating,pain,5,,\n"


def problem_of(text: str):
    with pytest.raises(DiaryError) as caught:
        read_tidy_csv(text.encode())
    (problem,) = caught.value.problems
    return problem, str(caught.value)


def test_a_note_over_the_csv_modules_default_limit_is_named_as_a_note():
    # 200,000 characters: over the csv module's own 131,072 but under our 1 MiB bound
    problem, message = problem_of(HEADER + FIRST + "2024-03-05T09:00:00Z,note,note,,," + "x" * 200_000 + "\n")
    assert (problem.line, problem.column) == (3, "note")
    assert f"the limit is {MAX_NOTE}" in message
    assert "unreadable CSV" not in message


@pytest.mark.parametrize("quoted", [False, True])
def test_a_ten_megabyte_note_is_named_as_a_note(quoted):
    body = "x" * 10_000_000
    note = f'"{body}"' if quoted else body
    problem, message = problem_of(HEADER + FIRST + "2024-03-05T09:00:00Z,note,note,,," + note + "\n")
    assert (problem.line, problem.column) == (3, "note")
    assert message.startswith(f"line 3, column note: note is longer than {MAX_NOTE} characters")


def test_a_huge_name_is_named_as_the_name_column():
    problem, message = problem_of(HEADER + "2024-03-05T09:00:00Z,food," + "y" * (MAX_FIELD_CHARS + 10) + ",1,,\n")
    assert (problem.line, problem.column) == (2, "name")
    assert "name is longer than 1 MB" in message


def test_a_quoted_note_with_commas_and_quotes_still_counts_as_the_note():
    body = 'a, "b", c\n' * 150_000  # 1.5 M characters with commas, escaped quotes, newlines
    note = '"' + body.replace('"', '""') + '"'
    problem, _ = problem_of(HEADER + "2024-03-05T09:00:00Z,note,note,,," + note + "\n")
    assert problem.column == "note"
