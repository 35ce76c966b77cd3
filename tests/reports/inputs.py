"""Inputs of the clinician-report tests: a demo diary, questionnaire results, medications."""

from __future__ import annotations

from datetime import date

import pytest

import painscope.instruments as ins
from painscope.diary.demo import demo_diary

END = date(2026, 3, 31)


def phq9(level: int, item9: int = 0) -> dict:
    return {f"phq9-{i}": level for i in range(1, 9)} | {"phq9-9": item9}


def administration(instrument: str, answers: dict, authored: str, previous: dict | None = None) -> dict:
    result = ins.score(instrument, answers, previous=previous).to_dict()
    return {"instrument": instrument, "title": instrument.upper(), "authored": authored,
            "result": result, "answers": answers}


@pytest.fixture(scope="session")
def diary():
    return demo_diary(182, end=END, seed=11)


@pytest.fixture(scope="session")
def questionnaires() -> list[dict]:
    first = administration("phq9", phq9(2), "2026-02-01T09:00:00+00:00")
    second = administration("phq9", phq9(1), "2026-03-20T09:00:00+00:00", previous=first["result"])
    return [first, second]


@pytest.fixture(scope="session")
def medications() -> list[dict]:
    return [
        {"name": "Duloxetine", "dose": 60, "unit": "mg", "as_needed": False, "times": ["08:00"],
         "weekdays": [], "taken": 26, "scheduled": 28},
        {"name": "Paracetamol", "dose": 1000, "unit": "mg", "as_needed": True, "times": [], "weekdays": []},
    ]
