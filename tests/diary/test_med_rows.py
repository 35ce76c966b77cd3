"""Medication plans and dose logs as tidy CSV rows (format version 2), without Django."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from painscope import diary
from painscope.diary.med_rows import DoseRow, MedicationRows, PlanRow, record_rows
from painscope.diary.tidy import CSV_HEADER, write_rows

NOW = datetime(2025, 1, 1, tzinfo=UTC)
PLANS = [
    PlanRow(plan=1, name="Duloxetine", dose=30, unit="mg", start_date=date(2024, 1, 1), times=("08:00",),
            timezone="Europe/Berlin", pills_left=27.5, pills_per_dose=1, refill_threshold=7, notes="with food, \"not\" late"),
    PlanRow(plan=2, name="Duloxetine", dose=60, unit="mg", start_date=date(2024, 3, 1), times=("08:00", "20:00"),
            weekdays=(1, 3, 5), stop_date=date(2024, 6, 30)),
    PlanRow(plan=3, name="Ibuprofen", dose=400, unit="mg", start_date=date(2024, 2, 1), as_needed=True,
            notes="=for flares"),
]
DOSES = [
    DoseRow(plan=1, at=datetime(2024, 1, 2, 7, 5, 3, 120, tzinfo=UTC), status="taken",
            scheduled_for=datetime(2024, 1, 2, 7, tzinfo=UTC), dose=30),
    DoseRow(plan=1, at=datetime(2024, 1, 3, 9, tzinfo=UTC), status="skipped", note="nauseous"),
    DoseRow(plan=3, at=datetime(2024, 2, 5, 14, 30, tzinfo=UTC), status="taken", dose=400, note="after a walk"),
    DoseRow(plan=3, at=datetime(2024, 2, 5, 14, 30, tzinfo=UTC), status="taken", dose=400, note="after a walk"),  # double tap
]
DIARY = "2024-01-02T08:00:00+01:00,rating,pain,5,,\n"


def text_of(plans=PLANS, doses=DOSES) -> str:
    return write_rows(record_rows(plans, doses))


def read(text: str) -> tuple[object, MedicationRows]:
    rows = MedicationRows()
    frame = diary.read_tidy_csv(text.encode(), now=NOW, records=rows)
    return frame, rows


def test_rows_read_back_to_the_same_records_and_the_same_text():
    text = text_of()
    frame, rows = read(text + DIARY)
    assert len(frame) == 1 and frame["name"].iat[0] == "pain"  # observations are unaffected
    assert rows.plans == PLANS
    assert sorted(d.key() for d in rows.doses) == sorted(d.key() for d in DOSES)
    assert write_rows(record_rows(rows.plans, rows.doses)) == text  # canonical: byte-identical


def test_formula_like_names_and_notes_are_escaped_and_come_back_as_typed():
    plan = PlanRow(plan=1, name="=HYPERLINK(x)", dose=1, unit="+tab", start_date=date(2024, 1, 1), as_needed=True)
    text = text_of([plan], [])
    assert "'=HYPERLINK(x)" in text and "'+tab" in text
    assert read(text)[1].plans == [plan]


def test_analytics_readers_skip_the_record_rows():
    frame = diary.read_tidy_csv((text_of() + DIARY).encode(), now=NOW)
    assert list(frame["kind"]) == ["rating"]


def line(*fields: str) -> str:
    return write_rows([tuple(fields)]).split("\n", 1)[1]


PLAN_JSON = ('{"as_needed":false,"notes":"","pills_left":null,"pills_per_dose":1,"plan":1,'
             '"refill_threshold":null,"stop_date":null,"times":["08:00"],"timezone":"UTC","weekdays":[]}')


@pytest.mark.parametrize(("row", "column", "words"), [
    (("2024-01-01T08:00:00+00:00", "medication_plan", "A", "1", "mg", PLAN_JSON), "timestamp", "start date at 00:00"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "", "1", "mg", PLAN_JSON), "name", "name is required"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "-1", "mg", PLAN_JSON), "value", "0 or more"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "", PLAN_JSON), "unit", "unit is required"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg", "not json"), "note", "JSON object"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg", PLAN_JSON.replace('"plan":1', '"plan":1,"x":2')),
     "note", "unknown key x"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg", PLAN_JSON.replace('"08:00"', '"8am"')),
     "note", "'times'"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg", PLAN_JSON.replace('"UTC"', '"Mars/Base"')),
     "note", "IANA time zone"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg", PLAN_JSON.replace('"weekdays":[]', '"weekdays":[8]')),
     "note", "'weekdays'"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg",
      PLAN_JSON.replace('"stop_date":null', '"stop_date":"2023-12-31"')), "note", "before the start date"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg",
      PLAN_JSON.replace('"pills_left":null', '"pills_left":-3')), "note", "'pills_left'"),
    (("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg",
      PLAN_JSON.replace('"times":["08:00"]', '"times":[]')), "note", "at least one time"),
])
def test_a_bad_plan_row_names_line_and_column(row, column, words):
    with pytest.raises(diary.DiaryError) as caught:
        read("timestamp,kind,name,value,unit,note\n" + DIARY + line(*row))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, column), problem
    assert words in problem.message


def test_dose_rows_must_name_a_plan_of_the_file_by_its_name():
    plan = line("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg", PLAN_JSON)
    dose = '{"note":"","plan":%d,"scheduled_for":null,"status":"%s"}'
    head = ",".join(CSV_HEADER) + "\n"
    cases = {
        line("2024-01-02T08:00:00+00:00", "dose_log", "A", "1", "", dose % (2, "taken")): ("note", "plan 2 is not in this file"),
        line("2024-01-02T08:00:00+00:00", "dose_log", "B", "1", "", dose % (1, "taken")): ("name", "plan 1 is 'A', not 'B'"),
        line("2024-01-02T08:00:00+00:00", "dose_log", "A", "1", "", dose % (1, "missed")): ("note", "'status'"),
        line("2030-01-02T08:00:00+00:00", "dose_log", "A", "1", "", dose % (1, "taken")): ("timestamp", "in the future"),
        line("2024-01-02T08:00:00+00:00", "dose_log", "A", "1", "mg", dose % (1, "taken")): ("unit", "no unit"),
        line("2024-01-02T08:00:00+00:00", "dose_log", "A", "x", "", dose % (1, "taken")): ("value", "0 or more"),
    }
    for row, (column, words) in cases.items():
        with pytest.raises(diary.DiaryError) as caught:
            read(head + plan + row)
        (problem,) = caught.value.problems
        assert (problem.line, problem.column) == (3, column) and words in problem.message, (row, problem)


def test_a_plan_number_used_twice_is_refused():
    plan = line("2024-01-01T00:00:00+00:00", "medication_plan", "A", "1", "mg", PLAN_JSON)
    with pytest.raises(diary.DiaryError) as caught:
        read(",".join(CSV_HEADER) + "\n" + plan + plan)
    assert "plan 1 is already on line 2" in str(caught.value)
